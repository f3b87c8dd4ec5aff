package dev.exitmonitor.internal;

/**
 * The stop channel of one task of an exit-aware executor: the {@link TaskScope} its body runs in, and
 * the lock that keeps every stop request before the end of the body.
 * <p>
 * Why the lock: {@link TaskScope#requestStop(boolean)} reads the thread running the task and then
 * signals that thread. Without ordering, a request could read the thread while the body runs and
 * signal it after the scope was left, interrupting (or marking as interrupted) the next task on the
 * thread. Here a request is passed on only under {@link #lock} and only while {@link #bodyEnded} is
 * {@code false}, and the body sets that flag under the same lock before the scope is left, so an
 * interrupt aimed at the task is always delivered while its scope is open, and the scope clears it on
 * leaving.
 * <p>
 * Thread-safe. States: <em>not started</em> (requests are remembered by the scope and seen at start)
 * → <em>running</em> → <em>ended</em> (requests are ignored).
 *
 * @since 0.1.0
 */
final class TaskStop {

	private final TaskScope scope = new TaskScope();

	private final Object lock = new Object();

	/** Guarded by {@link #lock}: the body has ended, so requests are no longer passed on. */
	private boolean bodyEnded;

	/**
	 * Run the body in the task's scope on the calling thread.
	 * @param body the body
	 */
	void run(Runnable body) {
		this.scope.runOn(() -> {
			try {
				body.run();
			}
			finally {
				synchronized (this.lock) {
					this.bodyEnded = true;
				}
			}
		});
	}

	/**
	 * Ask the body to stop, unless it has ended; remembered if it has not started.
	 * @param interrupt whether to hard-interrupt it outside critical sections
	 */
	void request(boolean interrupt) {
		synchronized (this.lock) {
			if (!this.bodyEnded) {
				this.scope.requestStop(interrupt);
			}
		}
	}

}

package dev.exitmonitor.internal;

import org.jspecify.annotations.Nullable;

/**
 * Stop flag of one task run on a pooled thread: set by {@code Future.cancel}, seen inside the task
 * through {@code Exit.requested()} / {@code Exit.check()} and exit-aware waits, and gone when the task
 * ends, so the next task on the same thread starts clean.
 * <p>
 * Thread-safe. States: <em>created</em> → <em>running</em> on one thread ({@link #runOn}) →
 * <em>done</em>; {@link #requestStop(boolean)} may come in any state: before the task runs it is
 * remembered and seen as soon as it starts.
 *
 * @since 0.1.0
 */
public final class TaskScope {

	private volatile boolean stopRequested;

	private volatile boolean interruptRequested;

	/** The state of the thread running the task, while it runs; {@code null} otherwise. */
	private volatile @Nullable ThreadState runningOn;

	/**
	 * The scope of the task this one runs inside, on the same thread (a task run by its submitter when the
	 * pool refuses it), while it runs: a stop of that task stops this one too.
	 */
	private volatile @Nullable TaskScope outer;

	/**
	 * Ask the task to stop; with {@code interrupt}, also hard-interrupt its thread (outside critical
	 * sections; delivered when the section closes).
	 * @param interrupt whether to hard-interrupt the running thread
	 */
	public void requestStop(boolean interrupt) {
		ThreadStates.armStopSignal();
		if (interrupt) {
			this.interruptRequested = true;
		}
		this.stopRequested = true;
		ThreadState state = this.runningOn;
		if (state != null) {
			state.signalStop();
		}
	}

	/**
	 * Whether a stop was requested for the task, or for a task it runs inside on the same thread.
	 * @return {@code true} once {@link #requestStop(boolean)} was called on this scope or an outer one
	 */
	public boolean isStopRequested() {
		if (this.stopRequested) {
			return true;
		}
		TaskScope enclosing = this.outer;
		return enclosing != null && enclosing.isStopRequested();
	}

	boolean isInterruptRequested() {
		return this.interruptRequested;
	}

	/**
	 * Run the task on the calling thread within this scope.
	 * @param task the task
	 */
	public void runOn(Runnable task) {
		ThreadState state = ThreadStates.current();
		TaskScope outer = state.enterScope(this);
		this.outer = outer;
		this.runningOn = state;
		try {
			if (this.stopRequested) {
				state.signalStop();
			}
			task.run();
		}
		finally {
			this.runningOn = null;
			this.outer = null;
			state.leaveScope(outer);
		}
	}

}

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
	 * Whether a stop was requested for the task.
	 * @return {@code true} once {@link #requestStop(boolean)} was called
	 */
	public boolean isStopRequested() {
		return this.stopRequested;
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
		this.runningOn = state;
		try {
			if (this.stopRequested) {
				state.signalStop();
			}
			task.run();
		}
		finally {
			this.runningOn = null;
			state.leaveScope(outer);
		}
	}

}

package dev.exitmonitor.internal;

/**
 * How a task submitted to an exit-aware executor ended; each task ends exactly one way and is counted
 * once in its {@link TaskLedger}.
 *
 * @since 0.1.0
 */
public enum TaskOutcome {

	/** The body returned normally. */
	COMPLETED,

	/** The body threw an exception other than {@code ThreadExit}. */
	FAILED,

	/** The body ended with {@code ThreadExit}: it was asked to stop and did (a clean stop). */
	STOPPED,

	/** The future was cancelled before the body started; the body never runs. */
	CANCELLED,

	/** The task was given to a pending-task handler, or returned by {@code shutdownNow()}, unstarted. */
	HANDED_BACK,

	/** The submission was refused with a {@code RejectedExecutionException}. */
	REJECTED

}

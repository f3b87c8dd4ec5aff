package dev.exitmonitor;

/**
 * Receives the tasks an {@link ExitAwareExecutor} hands back at exit under
 * {@link PendingTaskPolicy#HAND_BACK}, for example to persist them and run them after a restart.
 * <p>
 * Called once per unstarted task, in the thread that runs the exit's early phase, while that phase
 * runs: keep it short and do not block on the executor itself. A handler that throws is logged at
 * ERROR with the task; the task is not run.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PendingTaskHandler {

	/**
	 * Take over a task that the executor will never run.
	 * @param task for an {@link ExitAwareExecutor}, the {@link Runnable} or
	 * {@link java.util.concurrent.Callable} exactly as it was submitted; an executor that can only hand back
	 * what its queue holds (a pool's own {@link java.util.concurrent.FutureTask}, say) documents what it
	 * passes
	 */
	void handBack(Object task);

}

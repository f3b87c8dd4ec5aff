package dev.exitmonitor;

/**
 * Counters of an {@link ExitAwareExecutor}, for monitoring.
 * <p>
 * Every submission attempt ends in exactly one of the outcome counters, so once the executor is idle
 * {@code submitted == completed + failed + stopped + cancelled + handedBack + rejected}; while tasks are
 * queued or running, {@code queued} and {@code running} make up the difference. The counters are read
 * one after another, not atomically, so a snapshot of a busy executor may be off by the tasks that
 * moved while it was taken.
 *
 * @param name the executor's name
 * @param state the executor's state
 * @param submitted submission attempts, rejected ones included
 * @param completed tasks whose body returned normally
 * @param failed tasks whose body threw an exception other than {@link ThreadExit}
 * @param stopped tasks whose body ended with {@link ThreadExit} (asked to stop; a clean stop)
 * @param cancelled tasks cancelled through their future before their body started
 * @param handedBack unstarted tasks given to the {@link PendingTaskHandler} or returned by
 * {@link ExitAwareExecutor#shutdownNow()}
 * @param rejected submissions refused with a {@link java.util.concurrent.RejectedExecutionException}
 * @param queued tasks accepted and not started yet
 * @param running tasks running now
 * @since 0.1.0
 */
public record ExecutorSnapshot(String name, ExecutorState state, long submitted, long completed, long failed,
		long stopped, long cancelled, long handedBack, long rejected, long queued, long running) {

}

package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitParticipant;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.PendingTaskHandler;
import dev.exitmonitor.PendingTaskPolicy;

/**
 * Makes Spring's {@link ThreadPoolTaskExecutor} (the application task executor behind {@code @Async})
 * take part in the exit, without replacing it: in the early phase new submissions are rejected with a
 * message that names the exit, queued tasks are drained or handed back per {@link PendingTaskPolicy}
 * (the {@link Future} of a handed-back task, found through the {@link FutureRecordingTaskDecorator} when the
 * pool has a task decorator, is cancelled first), and the pool is shut down; in the late phase it is joined like
 * any worker.
 * <p>
 * Thread-safe: the pool is a {@link ThreadPoolExecutor}; this class keeps no mutable state of its own
 * apart from what that pool guards.
 *
 * @since 0.1.0
 */
final class TaskExecutorExitParticipant implements ExitParticipant {

	private static final Log logger = LogFactory.getLog(TaskExecutorExitParticipant.class);

	private final String beanName;

	private final ThreadPoolTaskExecutor executor;

	private final PendingTaskPolicy policy;

	private final @Nullable PendingTaskHandler handler;

	TaskExecutorExitParticipant(String beanName, ThreadPoolTaskExecutor executor, PendingTaskPolicy policy,
			@Nullable PendingTaskHandler handler) {
		this.beanName = beanName;
		this.executor = executor;
		this.policy = policy;
		this.handler = handler;
	}

	/**
	 * A rejection handler for the pool: after the exit began, rejections say so. A pool that was shut down
	 * while it was creating its first thread refuses that thread and rejects its task here, and the tasks
	 * queued meanwhile would have no thread: the handler starts one for them (a {@code ThreadPoolExecutor}
	 * allows it while its queue holds tasks, and does nothing otherwise).
	 */
	static RejectedExecutionHandler rejectionHandler(ExitMonitor monitor, String beanName) {
		return (task, pool) -> {
			if (pool.isShutdown()) {
				try {
					pool.prestartCoreThread();
				}
				catch (RuntimeException ex) {
					logger.warn("Task executor '" + beanName + "' could not start a thread for the tasks still "
							+ "queued in its shut-down pool", ex);
				}
			}
			if (monitor.isExitRequested()) {
				throw new RejectedExecutionException("Task executor '" + beanName
						+ "' rejected a task: the application is exiting (" + monitor.reason().orElse(null)
						+ "). Submit work before exit begins, or set exit-monitor.executor.pending=hand-back "
						+ "to hand queued work back");
			}
			throw new RejectedExecutionException("Task executor '" + beanName + "' rejected a task: " + pool);
		};
	}

	@Override
	public String name() {
		return "task executor '" + this.beanName + "'";
	}

	@Override
	public void requestStop(ExitReason reason) {
		ThreadPoolExecutor pool = pool();
		if (pool == null) {
			return;
		}
		if (this.policy == PendingTaskPolicy.HAND_BACK && this.handler != null) {
			List<Runnable> pending = new ArrayList<>();
			pool.getQueue().drainTo(pending);
			for (Runnable task : pending) {
				Future<?> future = FutureRecordingTaskDecorator.futureOf(task);
				if (future != null) {
					// The pool never runs it, so a caller waiting on its future (a submit()) is told instead of
					// waiting forever. Cancelled before the handler sees the task, so that the outcome is the same
					// whatever the handler does with it (the pool's own task is all there is to hand back).
					future.cancel(false);
				}
				try {
					this.handler.handBack(FutureRecordingTaskDecorator.handedBack(task));
				}
				catch (RuntimeException ex) {
					logger.error("Pending task handler failed for a task of " + name() + ": " + task, ex);
				}
			}
			if (!pending.isEmpty()) {
				logger.info("Handed back " + pending.size() + " queued task(s) of " + name());
			}
		}
		// shutdown(), not shutdownNow(): queued tasks run (DRAIN); running tasks see Exit.requested().
		pool.shutdown();
	}

	@Override
	public boolean awaitStopped(Duration timeout) throws InterruptedException {
		ThreadPoolExecutor pool = pool();
		return pool == null || pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private @Nullable ThreadPoolExecutor pool() {
		try {
			return this.executor.getThreadPoolExecutor();
		}
		catch (IllegalStateException ex) {
			// Not initialized (or already destroyed): nothing to stop.
			return null;
		}
	}

}

package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.core.task.TaskDecorator;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitParticipant;
import dev.exitmonitor.ExitReason;

/**
 * Makes Spring's {@code SimpleAsyncTaskExecutor} (the application task executor when virtual threads
 * are enabled: one thread per task, no queue) take part in the exit: as a {@link TaskDecorator} it
 * rejects tasks submitted after the exit began, and through {@link #threadFactory(ThreadFactory)} it counts
 * the threads running tasks, which the late phase joins.
 * <p>
 * A task is counted when the executor makes its thread, not when it decorates the task: the executor
 * decorates first and may still refuse the task afterwards (a concurrency limit with
 * {@code rejectTasksWhenLimitReached}), and a task counted then would keep the late phase waiting for its
 * whole timeout for a thread that never ran. A task waiting at that limit when the exit begins gets its
 * thread, and is joined, if the limit frees before the late phase has joined the running tasks; after that it
 * is rejected. A thread that is made but whose {@code start()} fails (out of memory for native threads)
 * stays counted.
 * <p>
 * Thread-safe: the running-task count and the joined flag are guarded by {@link #runningLock}.
 *
 * @since 0.1.0
 */
final class SimpleTaskExecutorExitParticipant implements ExitParticipant, TaskDecorator {

	private final ExitMonitor monitor;

	private final String name;

	private final ReentrantLock runningLock = new ReentrantLock();

	private final Condition noneRunning = this.runningLock.newCondition();

	/** Guarded by {@link #runningLock}. */
	private int running;

	/**
	 * Whether the late phase found no task running after the exit began: no thread is made after that.
	 * Guarded by {@link #runningLock}; moves from {@code false} to {@code true} once.
	 */
	private boolean joined;

	SimpleTaskExecutorExitParticipant(ExitMonitor monitor, String name) {
		this.monitor = monitor;
		this.name = name;
	}

	@Override
	public Runnable decorate(Runnable task) {
		if (this.monitor.isExitRequested()) {
			throw new RejectedExecutionException("Task executor '" + this.name
					+ "' rejected a task: the application is exiting (" + this.monitor.reason().orElse(null)
					+ "). Submit work before exit begins");
		}
		return task;
	}

	/**
	 * Return a thread factory that counts each thread it makes as running until the thread's task ends, and
	 * that refuses to make one once the late phase has joined the tasks after the exit began (a task that
	 * passed {@link #decorate} before the exit and waited at the executor's concurrency limit until then): such
	 * a task is rejected, not run unwaited.
	 * @param delegate the factory that makes the threads
	 * @return the counting factory
	 */
	ThreadFactory threadFactory(ThreadFactory delegate) {
		return (task) -> {
			Thread thread = delegate.newThread(() -> {
				try {
					task.run();
				}
				finally {
					changeRunning(-1);
				}
			});
			// Made, not started (the executor starts it once this returns): a thread refused here never runs.
			this.runningLock.lock();
			try {
				if (this.joined) {
					throw new RejectedExecutionException("Task executor '" + this.name
							+ "' rejected a task: the application is exiting (" + this.monitor.reason().orElse(null)
							+ ") and its running tasks were already joined. Submit work before exit begins");
				}
				this.running++;
			}
			finally {
				this.runningLock.unlock();
			}
			return thread;
		};
	}

	private void changeRunning(int delta) {
		this.runningLock.lock();
		try {
			this.running += delta;
			if (this.running == 0) {
				this.noneRunning.signalAll();
			}
		}
		finally {
			this.runningLock.unlock();
		}
	}

	@Override
	public String name() {
		return "task executor '" + this.name + "'";
	}

	@Override
	public void requestStop(ExitReason reason) {
		// Nothing queued; new tasks are rejected by decorate() and running ones see Exit.requested().
	}

	@Override
	public boolean awaitStopped(Duration timeout) throws InterruptedException {
		long nanos = TimeUnit.NANOSECONDS.convert(timeout);
		this.runningLock.lock();
		try {
			while (this.running > 0) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.noneRunning.awaitNanos(nanos);
			}
			if (this.monitor.isExitRequested()) {
				this.joined = true;
			}
			return true;
		}
		finally {
			this.runningLock.unlock();
		}
	}

}

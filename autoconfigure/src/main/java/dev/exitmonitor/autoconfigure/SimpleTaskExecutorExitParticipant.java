package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
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
 * rejects tasks submitted after the exit began and counts the running ones, which the late phase joins.
 * <p>
 * Thread-safe: the running-task count is guarded by {@link #runningLock}.
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
		changeRunning(1);
		return () -> {
			try {
				task.run();
			}
			finally {
				changeRunning(-1);
			}
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
			return true;
		}
		finally {
			this.runningLock.unlock();
		}
	}

}

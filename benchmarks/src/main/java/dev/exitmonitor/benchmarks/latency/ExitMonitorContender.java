package dev.exitmonitor.benchmarks.latency;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.InterruptMode;

/**
 * Ours, the bare mechanism: workers on threads of {@link ExitMonitor#threadFactory}, each blocked in
 * {@link ExitAwareQueue#take()} of its own queue (or in {@link Exit#sleep(Duration)}), stopped by
 * {@link ExitMonitor#requestExit(ExitReason)}: each wakes with {@code ThreadExit}. The clock stops when the last
 * worker has unwound.
 *
 * @since 0.1.0
 */
final class ExitMonitorContender implements Contender {

	private final boolean sleep;

	private ExitMonitorContender(boolean sleep) {
		this.sleep = sleep;
	}

	/**
	 * Workers blocked in {@code ExitAwareQueue.take()}.
	 * @return the contender
	 */
	static ExitMonitorContender take() {
		return new ExitMonitorContender(false);
	}

	/**
	 * Workers blocked in {@code Exit.sleep(..)}.
	 * @return the contender
	 */
	static ExitMonitorContender sleep() {
		return new ExitMonitorContender(true);
	}

	@Override
	public String name() {
		return "ours: `ExitMonitor.requestExit`, workers in "
				+ (this.sleep ? "`Exit.sleep(1 h)`" : "`ExitAwareQueue.take()`");
	}

	@Override
	public Role role() {
		return Role.OURS;
	}

	/**
	 * Whether this is the reference the peers are compared with.
	 * @return {@code true} for the {@code take()} variant
	 */
	boolean isReference() {
		return !this.sleep;
	}

	@Override
	public Trial start(int count, ThreadKind kind) throws InterruptedException {
		ExitMonitor monitor = ExitMonitor.create("latency-harness");
		BlockedWorkers workers = new BlockedWorkers(count,
				monitor.threadFactory(kind.newFactory(), InterruptMode.COOPERATIVE));
		for (int i = 0; i < count; i++) {
			Runnable body;
			if (this.sleep) {
				body = workers.worker(() -> Exit.sleep(Duration.ofHours(1)));
			}
			else {
				ExitAwareQueue<Object> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());
				body = workers.worker(queue::take);
			}
			workers.threadFactory().newThread(body).start();
		}
		workers.awaitBlocked(PATIENCE);
		return new Trial() {

			@Override
			public Outcome stop() throws InterruptedException {
				return workers.timeStop(() -> monitor.requestExit(ExitReason.requested("shutdown-latency harness")));
			}

			@Override
			public void close() throws InterruptedException {
				workers.joinAll(PATIENCE);
			}

		};
	}

}

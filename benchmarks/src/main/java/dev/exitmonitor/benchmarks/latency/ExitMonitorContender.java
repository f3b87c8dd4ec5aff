package dev.exitmonitor.benchmarks.latency;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.InterruptMode;

/**
 * Ours, the bare mechanism: workers on threads of {@link ExitMonitor#threadFactory}, each blocked in one kind of
 * exit-aware wait (see {@link Wait}), stopped by {@link ExitMonitor#requestExit(ExitReason)}: each wakes with
 * {@code ThreadExit}. The clock stops when the last worker has unwound.
 *
 * @since 0.1.0
 */
final class ExitMonitorContender implements Contender {

	private final Wait wait;

	private ExitMonitorContender(Wait wait) {
		this.wait = wait;
	}

	/**
	 * Workers blocked in {@code take()} of an {@link ExitAwareQueue#linked()}: woken by unpark. The reference
	 * the peers are compared with.
	 * @return the contender
	 */
	static ExitMonitorContender take() {
		return new ExitMonitorContender(Wait.OWNED_QUEUE_TAKE);
	}

	/**
	 * Workers blocked in {@code take()} of an {@link ExitAwareQueue#wrap(java.util.concurrent.BlockingQueue)
	 * ExitAwareQueue.wrap(LinkedBlockingQueue)}: woken by interrupt.
	 * @return the contender
	 */
	static ExitMonitorContender wrappedTake() {
		return new ExitMonitorContender(Wait.WRAPPED_QUEUE_TAKE);
	}

	/**
	 * Workers blocked in {@code Exit.sleep(..)}: woken by unpark.
	 * @return the contender
	 */
	static ExitMonitorContender sleep() {
		return new ExitMonitorContender(Wait.SLEEP);
	}

	@Override
	public String name() {
		return "ours: `ExitMonitor.requestExit`, workers in " + this.wait.description;
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
		return this.wait == Wait.OWNED_QUEUE_TAKE;
	}

	@Override
	public Trial start(int count, ThreadKind kind) throws InterruptedException {
		ExitMonitor monitor = ExitMonitor.create("latency-harness");
		BlockedWorkers workers = new BlockedWorkers(count,
				monitor.threadFactory(kind.newFactory(), InterruptMode.COOPERATIVE));
		for (int i = 0; i < count; i++) {
			Runnable body = switch (this.wait) {
				case OWNED_QUEUE_TAKE -> workers.worker(ExitAwareQueue.linked()::take);
				case WRAPPED_QUEUE_TAKE -> workers.worker(ExitAwareQueue.wrap(new LinkedBlockingQueue<>())::take);
				case SLEEP -> workers.worker(() -> Exit.sleep(Duration.ofHours(1)));
			};
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

	/** The wait the workers block in. */
	private enum Wait {

		OWNED_QUEUE_TAKE("`ExitAwareQueue.linked().take()`"),

		WRAPPED_QUEUE_TAKE("`ExitAwareQueue.wrap(LinkedBlockingQueue).take()` (woken by interrupt)"),

		SLEEP("`Exit.sleep(1 h)`");

		private final String description;

		Wait(String description) {
			this.description = description;
		}

	}

}

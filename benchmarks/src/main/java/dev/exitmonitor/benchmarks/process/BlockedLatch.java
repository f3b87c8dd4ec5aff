package dev.exitmonitor.benchmarks.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Counts the workers (or tasks) of {@link ShutdownApp} that reached their blocking call. Thread-safe.
 *
 * @since 0.1.0
 */
final class BlockedLatch {

	private final CountDownLatch latch;

	BlockedLatch(int workers) {
		this.latch = new CountDownLatch(workers);
	}

	void aboutToBlock() {
		this.latch.countDown();
	}

	boolean await(Duration timeout) throws InterruptedException {
		return this.latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

}

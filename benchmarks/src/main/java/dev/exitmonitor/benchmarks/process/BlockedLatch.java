package dev.exitmonitor.benchmarks.process;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
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

	/**
	 * Return the body of a plain thread or task: report that it is about to block, then take from the queue
	 * until interrupted (a shutdown that interrupts ends it).
	 * @param queue the queue nobody fills
	 * @return the body
	 */
	Runnable takeUntilInterrupted(BlockingQueue<Object> queue) {
		return () -> {
			aboutToBlock();
			try {
				while (true) {
					queue.take();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	boolean await(Duration timeout) throws InterruptedException {
		return this.latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

}

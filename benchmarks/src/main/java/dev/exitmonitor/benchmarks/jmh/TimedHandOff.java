package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.infra.Control;

/**
 * The producer and consumer loops of the hand-off benchmarks. They use the timed blocking operations,
 * {@code offer(e, timeout)} and {@code poll(timeout)}, which go through the same exit-aware wait as {@code put} and
 * {@code take}, retrying until they succeed or JMH ends the iteration: with the untimed ones a consumer would block
 * forever in {@code take()} once the producers stop at the end of an iteration.
 * <p>
 * Thread-safe as the queue is; holds no state.
 *
 * @since 0.1.0
 */
final class TimedHandOff {

	private static final long TIMEOUT_MILLIS = 10;

	private static final Object element = new Object();

	private TimedHandOff() {
	}

	/**
	 * Offer one element, waiting for space.
	 * @param queue the queue
	 * @param control JMH's run control
	 * @return whether the element went in (only {@code false} when the iteration ended)
	 * @throws InterruptedException never expected
	 */
	static boolean put(BlockingQueue<Object> queue, Control control) throws InterruptedException {
		boolean offered;
		do {
			offered = queue.offer(element, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		}
		while (!offered && !control.stopMeasurement);
		return offered;
	}

	/**
	 * Take one element, waiting for one.
	 * @param queue the queue
	 * @param control JMH's run control
	 * @param ifNone what to return when the iteration ended first
	 * @return the element taken, or {@code ifNone}
	 * @throws InterruptedException never expected
	 */
	static Object take(BlockingQueue<Object> queue, Control control, Object ifNone) throws InterruptedException {
		Object taken;
		do {
			taken = queue.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		}
		while (taken == null && !control.stopMeasurement);
		return (taken != null) ? taken : ifNone;
	}

}

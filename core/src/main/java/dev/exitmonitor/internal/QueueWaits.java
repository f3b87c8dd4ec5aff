package dev.exitmonitor.internal;

import java.util.concurrent.BlockingQueue;

import org.jspecify.annotations.Nullable;

/**
 * How an {@link dev.exitmonitor.ExitAwareQueue} blocks and wakes: the queue's element operations go through
 * here so that the blocking ones wake on a stop request and, where the queue owns its storage, so that
 * every insertion and removal wakes the threads waiting for it.
 * <p>
 * Implementations are thread-safe as the queue they serve.
 *
 * @param <E> the element type
 * @since 0.1.0
 */
public interface QueueWaits<E> {

	/**
	 * Waits for a queue that others may also use directly: blocking calls run the queue's own blocking
	 * methods and a stop request wakes them with an interrupt ({@link ExitAwareWaits}).
	 * @param <E> the element type
	 * @param queue the queue
	 * @return the waits
	 */
	static <E> QueueWaits<E> interrupting(BlockingQueue<E> queue) {
		return new InterruptingQueueWaits<>(queue);
	}

	/**
	 * Retrieve and remove the head without blocking.
	 * @return the head, or {@code null} if the queue is empty
	 */
	@Nullable E pollNow();

	/**
	 * Insert without blocking.
	 * @param element the element
	 * @return {@code false} if the queue is full
	 */
	boolean offerNow(E element);

	/**
	 * Retrieve and remove the head, waiting for one.
	 * @return the head
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	E take() throws InterruptedException;

	/**
	 * Retrieve and remove the head, waiting at most the given time.
	 * @param nanos how long to wait
	 * @return the head, or {@code null} if the time ran out
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	@Nullable E poll(long nanos) throws InterruptedException;

	/**
	 * Insert, waiting for space.
	 * @param element the element
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	void put(E element) throws InterruptedException;

	/**
	 * Insert, waiting at most the given time for space.
	 * @param element the element
	 * @param nanos how long to wait
	 * @return {@code false} if the time ran out
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	boolean offer(E element, long nanos) throws InterruptedException;

	/**
	 * Report that elements were removed other than through {@link #pollNow()} (a bulk removal, an iterator).
	 */
	void removed();

}

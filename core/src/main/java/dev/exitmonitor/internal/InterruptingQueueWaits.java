package dev.exitmonitor.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * {@link QueueWaits} for a queue that others may use directly: the queue's own blocking methods, woken on a
 * stop request by an interrupt ({@link ExitAwareWaits}). Insertions and removals need no signalling: the
 * queue signals its own waiters.
 * <p>
 * Thread-safe as the queue is.
 *
 * @param <E> the element type
 * @since 0.1.0
 */
final class InterruptingQueueWaits<E> implements QueueWaits<E> {

	private final BlockingQueue<E> queue;

	InterruptingQueueWaits(BlockingQueue<E> queue) {
		this.queue = queue;
	}

	@Override
	public @Nullable E pollNow() {
		return this.queue.poll();
	}

	@Override
	public boolean offerNow(E element) {
		return this.queue.offer(element);
	}

	@Override
	public E take() throws InterruptedException {
		return ExitAwareWaits.await(this.queue::take);
	}

	@Override
	public @Nullable E poll(long nanos) throws InterruptedException {
		return ExitAwareWaits.await(() -> this.queue.poll(nanos, TimeUnit.NANOSECONDS));
	}

	@Override
	public void put(E element) throws InterruptedException {
		ExitAwareWaits.await(() -> {
			this.queue.put(element);
			return null;
		});
	}

	@Override
	public boolean offer(E element, long nanos) throws InterruptedException {
		return ExitAwareWaits.await(() -> this.queue.offer(element, nanos, TimeUnit.NANOSECONDS));
	}

	@Override
	public void removed() {
	}

}

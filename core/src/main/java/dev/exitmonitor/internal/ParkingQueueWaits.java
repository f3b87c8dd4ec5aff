package dev.exitmonitor.internal;

import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * {@link QueueWaits} for a queue that nobody else uses: only the queue's non-blocking {@code poll} and
 * {@code offer} are called; a taker parks on a {@link ConcurrentWaitList} until an insertion signals it, a putter until
 * a removal does, and a stop request unparks either ({@link ParkingWait}), without an interrupt.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. No wake-up is lost: a waiter enqueues its ticket and then tries the queue again, while a
 * thread that changed the queue looks for tickets afterwards; the queue's {@code offer} and {@code poll}
 * (a JDK {@code LinkedBlockingQueue}) and the wait list's enqueue and check
 * are synchronization actions, so one of the two sees the other.
 *
 * @param <E> the element type
 * @since 0.1.0
 */
final class ParkingQueueWaits<E> implements QueueWaits<E> {

	private final BlockingQueue<E> queue;

	private final ConcurrentWaitList takers = new ConcurrentWaitList();

	private final ConcurrentWaitList putters = new ConcurrentWaitList();

	private final BooleanSupplier hasElements;

	private final BooleanSupplier hasSpace;

	ParkingQueueWaits(BlockingQueue<E> queue) {
		this.queue = queue;
		this.hasElements = () -> !queue.isEmpty();
		this.hasSpace = () -> queue.remainingCapacity() > 0;
	}

	@Override
	public @Nullable E pollNow() {
		E element = this.queue.poll();
		if (element != null) {
			this.putters.signalOne();
		}
		return element;
	}

	@Override
	public boolean offerNow(E element) {
		if (this.queue.offer(element)) {
			this.takers.signalOne();
			return true;
		}
		return false;
	}

	@Override
	public E take() throws InterruptedException {
		return ParkingWait.await(this.takers, this::pollNow, this.hasElements);
	}

	@Override
	public @Nullable E poll(long nanos) throws InterruptedException {
		return ParkingWait.await(this.takers, this::pollNow, this.hasElements, nanos);
	}

	@Override
	public void put(E element) throws InterruptedException {
		ParkingWait.await(this.putters, () -> offerNow(element) ? Boolean.TRUE : null, this.hasSpace);
	}

	@Override
	public boolean offer(E element, long nanos) throws InterruptedException {
		return ParkingWait.await(this.putters, () -> offerNow(element) ? Boolean.TRUE : null, this.hasSpace,
				nanos) != null;
	}

	@Override
	public void removed() {
		this.putters.signalAll();
	}

}

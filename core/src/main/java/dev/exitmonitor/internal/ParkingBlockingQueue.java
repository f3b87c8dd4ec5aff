package dev.exitmonitor.internal;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * What the queues that own their storage ({@link RingBufferQueue}, {@link TwoLockLinkedQueue}) share: their
 * blocking operations wait with {@link ParkingWait} on a {@link GuardedWaitList} of takers and one of putters,
 * retrying the non-blocking {@link #poll()} and {@link #offer(Object)}, which signal those lists themselves
 * under the storage's locks; and they serve as their own {@link QueueWaits}.
 * <p>
 * Thread-safe, given subclasses whose non-blocking operations are: this class keeps no mutable state.
 *
 * @param <E> the element type
 * @since 0.1.0
 */
abstract sealed class ParkingBlockingQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, QueueWaits<E>
		permits RingBufferQueue, TwoLockLinkedQueue {

	/** Where takers wait; the subclass's insertions signal it. */
	final GuardedWaitList takers;

	/** Where putters wait; the subclass's removals signal it. */
	final GuardedWaitList putters;

	private final BooleanSupplier hasElements = this::hasElements;

	private final BooleanSupplier hasSpace = this::hasSpace;

	/**
	 * Create the blocking side of a queue.
	 * @param takers where takers wait, guarded by the lock the subclass takes to signal it
	 * @param putters where putters wait, guarded by the lock the subclass takes to signal it
	 */
	ParkingBlockingQueue(GuardedWaitList takers, GuardedWaitList putters) {
		this.takers = takers;
		this.putters = putters;
	}

	/**
	 * Whether the queue holds an element; asked by the takers' wait list under its lock.
	 * @return whether a taker may find an element
	 */
	abstract boolean hasElements();

	/**
	 * Whether the queue has space; asked by the putters' wait list under its lock.
	 * @return whether a putter may find space
	 */
	abstract boolean hasSpace();

	@Override
	public final @Nullable E pollNow() {
		return poll();
	}

	@Override
	public final boolean offerNow(E element) {
		return offer(element);
	}

	@Override
	public final E take() throws InterruptedException {
		return ParkingWait.await(this.takers, this::poll, this.hasElements);
	}

	@Override
	public final @Nullable E poll(long nanos) throws InterruptedException {
		return ParkingWait.await(this.takers, this::poll, this.hasElements, nanos);
	}

	@Override
	public final @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
		return poll(unit.toNanos(timeout));
	}

	@Override
	public final void put(E element) throws InterruptedException {
		Objects.requireNonNull(element, "'element' must not be null");
		ParkingWait.await(this.putters, () -> offer(element) ? Boolean.TRUE : null, this.hasSpace);
	}

	@Override
	public final boolean offer(E element, long nanos) throws InterruptedException {
		Objects.requireNonNull(element, "'element' must not be null");
		return ParkingWait.await(this.putters, () -> offer(element) ? Boolean.TRUE : null, this.hasSpace,
				nanos) != null;
	}

	@Override
	public final boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
		return offer(element, unit.toNanos(timeout));
	}

	@Override
	public final void removed() {
		// Every removal signals the waiting putters itself, under the storage's lock.
	}

	@Override
	public boolean isEmpty() {
		return size() == 0;
	}

	@Override
	public final boolean removeAll(Collection<?> elements) {
		Objects.requireNonNull(elements, "'elements' must not be null");
		return removeIf(elements::contains);
	}

	@Override
	public final boolean retainAll(Collection<?> elements) {
		Objects.requireNonNull(elements, "'elements' must not be null");
		return removeIf((element) -> !elements.contains(element));
	}

	@Override
	public final int drainTo(Collection<? super E> target) {
		return drainTo(target, Integer.MAX_VALUE);
	}

	/**
	 * Check a capacity given to a constructor.
	 * @param capacity the capacity
	 * @return the capacity
	 */
	static int requirePositiveCapacity(int capacity) {
		if (capacity <= 0) {
			throw new IllegalArgumentException("'capacity' must be positive, but was " + capacity);
		}
		return capacity;
	}

	/**
	 * The failure of a {@code removeIf} (or {@code removeAll}, {@code retainAll}) whose filter changed the queue.
	 * @return the exception to throw
	 */
	static ConcurrentModificationException filterChangedQueue() {
		return new ConcurrentModificationException("The filter of removeIf (or the collection given to "
				+ "removeAll or retainAll) changed this queue while its elements were being tested; nothing was removed");
	}

	/**
	 * The failure of a {@code drainTo} whose target took elements from the queue.
	 * @return the exception to throw
	 */
	static ConcurrentModificationException drainTargetTookElements() {
		return new ConcurrentModificationException("The target of drainTo took elements from this queue while it "
				+ "was being drained (the element it took was handed over twice, to the target and to the taker); "
				+ "drain into a collection that does not use this queue");
	}

	/**
	 * Check the arguments of {@code drainTo}.
	 * @param target the target
	 */
	final void requireDrainTarget(Collection<? super E> target) {
		Objects.requireNonNull(target, "'target' must not be null");
		if (target == this) {
			throw new IllegalArgumentException("A queue cannot be drained into itself");
		}
	}

	/**
	 * Return a spliterator over a snapshot, as the iterator's: {@code CONCURRENT}, not {@code SIZED}, so that a
	 * stream over a queue others change never fails on a size that changed meanwhile.
	 */
	@Override
	public final Spliterator<E> spliterator() {
		return Spliterators.spliterator(this, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.CONCURRENT);
	}

}

package dev.exitmonitor;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.internal.Arguments;
import dev.exitmonitor.internal.QueueWaits;
import dev.exitmonitor.internal.RingBufferQueue;
import dev.exitmonitor.internal.ThreadStates;
import dev.exitmonitor.internal.TwoLockLinkedQueue;

/**
 * A {@link BlockingQueue} whose blocking operations ({@link #take()}, {@link #poll(long, TimeUnit)},
 * {@link #put(Object)}, {@link #offer(Object, long, TimeUnit)}) wake with {@link ThreadExit} when the
 * waiting thread is asked to stop, see {@link Exit}.
 * <p>
 * Two kinds, with the same contract:
 * <ul>
 * <li>{@link #linked()}, {@link #linked(int)} and {@link #array(int)} create a queue that owns its storage.
 * Waiting threads park and are woken by the queue's own insertions and removals, and a stop request wakes
 * them with an unpark, the cheapest wake-up there is, with no {@code InterruptedException} to build: an exit
 * releases blocked consumers faster than through a wrapped queue (see the README's performance table). The
 * choice for new code whose exit should be fast; a contended hand-off between several producers and
 * consumers can be slower than through the JDK queue of the same storage.</li>
 * <li>{@link #wrap(BlockingQueue)} adapts any existing queue, which other code may keep using directly
 * (and any kind: priority, delay, synchronous). Blocking calls run the queue's own blocking methods, and a
 * stop request wakes them by interrupting the waiting thread once (the interrupt never outlives the
 * wait).</li>
 * </ul>
 * <p>
 * No element is lost: if an element arrives in the same instant as the stop request, {@code take}
 * returns it (the next {@link Exit#check()} throws); if the stop wins, the element stays in the queue.
 * A {@code put} that ends with {@code ThreadExit} did not insert its element. Inside a critical section
 * the blocking operations wait as plain ones would.
 * <p>
 * Thread-safe as the underlying queue: linked nodes under a take lock and a put lock for {@link #linked()}, a
 * circular array under one lock for {@link #array(int)}; the iterators of both are snapshots taken when they
 * are created.
 *
 * @param <E> the element type
 * @since 0.1.0
 */
public final class ExitAwareQueue<E> implements BlockingQueue<E> {

	private final BlockingQueue<E> queue;

	private final QueueWaits<E> waits;

	/**
	 * Wrap a queue; see {@link #wrap(BlockingQueue)}.
	 * @param queue the queue to delegate to
	 */
	public ExitAwareQueue(BlockingQueue<E> queue) {
		this(Objects.requireNonNull(queue, "'queue' must not be null"), QueueWaits.interrupting(queue));
	}

	private ExitAwareQueue(BlockingQueue<E> queue, QueueWaits<E> waits) {
		this.queue = queue;
		this.waits = waits;
	}

	/**
	 * Create an unbounded queue of linked nodes with a take lock and a put lock, like a
	 * {@link LinkedBlockingQueue}, that owns its storage: waits park, insertions and removals wake waiting
	 * threads while they hold the lock of their end (as the JDK queue's conditions do), and a stop request
	 * wakes them without an interrupt. Its iterators are snapshots, as those of {@link #array(int)}.
	 * @param <E> the element type
	 * @return the queue
	 */
	public static <E> ExitAwareQueue<E> linked() {
		TwoLockLinkedQueue<E> storage = new TwoLockLinkedQueue<>();
		return new ExitAwareQueue<>(storage, storage);
	}

	/**
	 * Create a bounded queue of linked nodes with a take lock and a put lock, like a
	 * {@link LinkedBlockingQueue}, that owns its storage: waits park, insertions and removals wake waiting
	 * threads while they hold the lock of their end (as the JDK queue's conditions do), and a stop request
	 * wakes them without an interrupt. Its iterators are snapshots, as those of {@link #array(int)}.
	 * @param <E> the element type
	 * @param capacity how many elements the queue holds at most; must be positive
	 * @return the queue
	 */
	public static <E> ExitAwareQueue<E> linked(int capacity) {
		TwoLockLinkedQueue<E> storage = new TwoLockLinkedQueue<>(requirePositive(capacity));
		return new ExitAwareQueue<>(storage, storage);
	}

	/**
	 * Create a bounded queue backed by a circular array under one lock, like an {@link ArrayBlockingQueue},
	 * that owns its storage: waits park, each insertion or removal wakes one waiting thread while it still
	 * holds the lock (as the JDK queue's conditions do), and a stop request wakes them without an interrupt.
	 * Its iterators are snapshots: they see the elements the queue held when they were created, and their
	 * {@code remove()} removes exactly the element last returned, if it is still in the queue.
	 * @param <E> the element type
	 * @param capacity how many elements the queue holds; must be positive
	 * @return the queue
	 */
	public static <E> ExitAwareQueue<E> array(int capacity) {
		RingBufferQueue<E> storage = new RingBufferQueue<>(requirePositive(capacity));
		return new ExitAwareQueue<>(storage, storage);
	}

	private static int requirePositive(int capacity) {
		if (capacity <= 0) {
			throw new IllegalArgumentException("'capacity' must be positive, but was " + capacity
					+ "; use ExitAwareQueue.linked() for an unbounded queue");
		}
		return capacity;
	}

	/**
	 * Adapt a queue that other code may also use directly, of any kind: blocking calls run the queue's own
	 * blocking methods and a stop request wakes them by interrupting the waiting thread once. When nothing
	 * else needs the queue, {@link #linked()} and {@link #array(int)} wake faster.
	 * @param <E> the element type
	 * @param queue the queue to delegate to
	 * @return the exit-aware queue
	 */
	public static <E> ExitAwareQueue<E> wrap(BlockingQueue<E> queue) {
		return new ExitAwareQueue<>(queue);
	}

	@Override
	public E take() throws InterruptedException {
		// Fast path: while no stop signal was ever raised in the JVM, nothing can be pending, so an
		// element that is already there is simply taken.
		E ready = ThreadStates.stopSignalRaised() ? null : this.waits.pollNow();
		return (ready != null) ? ready : this.waits.take();
	}

	@Override
	public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
		Objects.requireNonNull(unit, "'unit' must not be null");
		E ready = ThreadStates.stopSignalRaised() ? null : this.waits.pollNow();
		return (ready != null) ? ready : this.waits.poll(unit.toNanos(timeout));
	}

	/**
	 * Retrieve and remove the head, waiting up to the timeout for an element.
	 * @param timeout how long to wait; must not be negative
	 * @return the head, or {@code null} if the time elapsed
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	public @Nullable E poll(Duration timeout) throws InterruptedException {
		Arguments.requireNonNegative(timeout, "timeout");
		return poll(Exit.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
	}

	@Override
	public void put(E element) throws InterruptedException {
		Objects.requireNonNull(element, "'element' must not be null");
		if (!ThreadStates.stopSignalRaised() && this.waits.offerNow(element)) {
			return;
		}
		this.waits.put(element);
	}

	@Override
	public boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
		Objects.requireNonNull(element, "'element' must not be null");
		Objects.requireNonNull(unit, "'unit' must not be null");
		if (!ThreadStates.stopSignalRaised() && this.waits.offerNow(element)) {
			return true;
		}
		return this.waits.offer(element, unit.toNanos(timeout));
	}

	@Override
	public boolean add(E element) {
		if (offer(element)) {
			return true;
		}
		int size = this.queue.size();
		if (size == 0 && this.queue.remainingCapacity() == 0) {
			// A hand-off queue (a SynchronousQueue) holds nothing and takes an element only when a consumer
			// waits for it.
			throw new IllegalStateException("Queue refused the element while empty: " + this.queue.getClass().getName()
					+ " takes one only when a consumer is waiting for it; use put(..) or offer(.., timeout) to wait");
		}
		throw new IllegalStateException("Queue full: it held " + size + ((size == 1) ? " element" : " elements")
				+ " and no spare capacity when the element was refused; use put(..) or offer(.., timeout) to wait "
				+ "for space");
	}

	@Override
	public boolean offer(E element) {
		Objects.requireNonNull(element, "'element' must not be null");
		return this.waits.offerNow(element);
	}

	@Override
	public int remainingCapacity() {
		return this.queue.remainingCapacity();
	}

	@Override
	public boolean remove(Object element) {
		return removed(this.queue.remove(element));
	}

	@Override
	public boolean contains(Object element) {
		return this.queue.contains(element);
	}

	@Override
	public int drainTo(Collection<? super E> target) {
		return removed(bulkRemoval(() -> this.queue.drainTo(requireOtherThanThis(target))));
	}

	@Override
	public int drainTo(Collection<? super E> target, int maxElements) {
		return removed(bulkRemoval(() -> this.queue.drainTo(requireOtherThanThis(target), maxElements)));
	}

	private Collection<? super E> requireOtherThanThis(Collection<? super E> target) {
		Objects.requireNonNull(target, "'target' must not be null");
		if (target == this || target == this.queue) {
			throw new IllegalArgumentException("A queue cannot be drained into itself");
		}
		return target;
	}

	/**
	 * Run a bulk removal, waking the waiting putters also when it fails part-way (a drain target that throws
	 * after accepting some elements): whatever left the queue freed space.
	 */
	private <T> T bulkRemoval(Supplier<T> removal) {
		try {
			return removal.get();
		}
		catch (RuntimeException | Error ex) {
			this.waits.removed();
			throw ex;
		}
	}

	private int removed(int count) {
		if (count > 0) {
			this.waits.removed();
		}
		return count;
	}

	@Override
	public E remove() {
		E head = poll();
		if (head == null) {
			throw new NoSuchElementException("Queue is empty");
		}
		return head;
	}

	@Override
	public @Nullable E poll() {
		return this.waits.pollNow();
	}

	@Override
	public E element() {
		return this.queue.element();
	}

	@Override
	public @Nullable E peek() {
		return this.queue.peek();
	}

	@Override
	public int size() {
		return this.queue.size();
	}

	@Override
	public boolean isEmpty() {
		return this.queue.isEmpty();
	}

	@Override
	public Iterator<E> iterator() {
		Iterator<E> iterator = this.queue.iterator();
		return new Iterator<>() {

			@Override
			public boolean hasNext() {
				return iterator.hasNext();
			}

			@Override
			public E next() {
				return iterator.next();
			}

			@Override
			public void remove() {
				iterator.remove();
				ExitAwareQueue.this.waits.removed();
			}

		};
	}

	/**
	 * Return a {@code CONCURRENT} spliterator: the underlying queue's if it is one (the queues that own their
	 * storage, and most of the JDK's blocking queues), otherwise one over its iterator that promises no fixed
	 * size (a wrapped {@code DelayQueue}, for one), so that a stream over a queue others change never fails.
	 */
	@Override
	public Spliterator<E> spliterator() {
		Spliterator<E> own = this.queue.spliterator();
		return own.hasCharacteristics(Spliterator.CONCURRENT) ? own
				: Spliterators.spliterator(this.queue, Spliterator.CONCURRENT | Spliterator.NONNULL);
	}

	@Override
	public Object[] toArray() {
		return this.queue.toArray();
	}

	@Override
	public <T> T[] toArray(T[] array) {
		return this.queue.toArray(array);
	}

	@Override
	public boolean containsAll(Collection<?> elements) {
		return this.queue.containsAll(elements);
	}

	@Override
	public boolean addAll(Collection<? extends E> elements) {
		Objects.requireNonNull(elements, "'elements' must not be null");
		if (elements == this || elements == this.queue) {
			throw new IllegalArgumentException("A queue cannot be added to itself");
		}
		boolean modified = false;
		for (E element : elements) {
			modified |= add(element);
		}
		return modified;
	}

	@Override
	public boolean removeAll(Collection<?> elements) {
		return removed(bulkRemoval(() -> this.queue.removeAll(elements)));
	}

	@Override
	public boolean retainAll(Collection<?> elements) {
		return removed(bulkRemoval(() -> this.queue.retainAll(elements)));
	}

	@Override
	public boolean removeIf(Predicate<? super E> filter) {
		return removed(bulkRemoval(() -> this.queue.removeIf(filter)));
	}

	private boolean removed(boolean modified) {
		if (modified) {
			this.waits.removed();
		}
		return modified;
	}

	@Override
	public void clear() {
		try {
			this.queue.clear();
		}
		finally {
			this.waits.removed();
		}
	}

	@Override
	public String toString() {
		return "ExitAwareQueue" + this.queue;
	}

}

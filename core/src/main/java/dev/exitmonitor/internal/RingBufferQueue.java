package dev.exitmonitor.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A bounded queue backed by a circular array, whose waiting threads park on {@link GuardedWaitList}s under
 * the same lock as the array: the storage (and the waits) of {@link dev.exitmonitor.ExitAwareQueue#array(int)}.
 * <p>
 * It does what an {@link java.util.concurrent.ArrayBlockingQueue} does with its two conditions, with waits
 * that a stop request ends with an unpark ({@link ParkingWait}): every insertion signals the oldest waiting
 * taker and every removal the oldest waiting putter (a bulk removal as many as it freed), under the lock
 * hold that changed the array. Signalling under the lock is what keeps a contended hand-off as fast as the
 * JDK queue's: signalled after the lock is released, a woken thread races the signaller's next operation for
 * the lock and both end up parking on it.
 * <p>
 * Iterators are snapshots taken under the lock (weakly consistent in the sense of
 * {@link java.util.concurrent}: they never throw {@link ConcurrentModificationException}); their
 * {@code remove()} removes exactly the element the iterator returned last (each insertion is numbered), or
 * nothing if it has left the queue already.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe: the array, its indexes and both wait lists are guarded by one {@link ReentrantLock}. Bulk
 * operations are atomic; {@code removeIf}, {@code removeAll} and {@code retainAll} test every element before
 * removing any, so a predicate that throws removes nothing, and {@code drainTo} removes an element only once
 * the target has accepted it. Predicates and the target of {@code drainTo} run under the lock, as with the
 * JDK's queues: they must not wait on this queue (a {@code put} into it from a full drain would wait forever).
 * A drain target that takes from the queue, or a filter that changes it, fails with
 * {@link ConcurrentModificationException} instead of corrupting the queue or dropping an element (the element a
 * drain target took is then held by both the target and the taker).
 *
 * @param <E> the element type
 * @since 0.1.0
 */
public final class RingBufferQueue<E> extends ParkingBlockingQueue<E> {

	private final ReentrantLock lock;

	/** The elements, from {@link #takeIndex} for {@link #count} slots, wrapping around. */
	private final @Nullable Object[] items;

	/** The insertion number of each slot's element, so that an iterator removes exactly its element. */
	private final long[] insertionNumbers;

	private int takeIndex;

	private int putIndex;

	private int count;

	private long nextInsertionNumber;

	/**
	 * Create an empty queue.
	 * @param capacity how many elements it holds at most; must be positive
	 */
	public RingBufferQueue(int capacity) {
		this(requirePositiveCapacity(capacity), new ReentrantLock());
	}

	private RingBufferQueue(int capacity, ReentrantLock lock) {
		super(GuardedWaitList.attemptingUnderLock(lock), GuardedWaitList.attemptingUnderLock(lock));
		this.lock = lock;
		this.items = new Object[capacity];
		this.insertionNumbers = new long[capacity];
	}

	@Override
	boolean hasElements() {
		return this.count > 0;
	}

	@Override
	boolean hasSpace() {
		return this.count < this.items.length;
	}

	@Override
	public boolean offer(E element) {
		Objects.requireNonNull(element, "'element' must not be null");
		this.lock.lock();
		try {
			if (this.count == this.items.length) {
				return false;
			}
			this.items[this.putIndex] = element;
			this.insertionNumbers[this.putIndex] = this.nextInsertionNumber++;
			this.putIndex = next(this.putIndex);
			this.count++;
			this.takers.signalOne();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public @Nullable E poll() {
		this.lock.lock();
		try {
			if (this.count == 0) {
				return null;
			}
			E head = removeHead();
			this.putters.signalOne();
			return head;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public @Nullable E peek() {
		this.lock.lock();
		try {
			return (this.count > 0) ? itemAt(this.takeIndex) : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int size() {
		this.lock.lock();
		try {
			return this.count;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int remainingCapacity() {
		this.lock.lock();
		try {
			return this.items.length - this.count;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean contains(@Nullable Object element) {
		if (element == null) {
			return false;
		}
		this.lock.lock();
		try {
			return indexOf(element) >= 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean remove(@Nullable Object element) {
		if (element == null) {
			return false;
		}
		this.lock.lock();
		try {
			int index = indexOf(element);
			if (index < 0) {
				return false;
			}
			removeAt(index);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the slot of the first element equal to the given one, or -1. The caller holds the lock.
	 */
	private int indexOf(Object element) {
		for (int i = 0, index = this.takeIndex; i < this.count; i++, index = next(index)) {
			if (element.equals(this.items[index])) {
				return index;
			}
		}
		return -1;
	}

	/**
	 * Remove and return the head, without signalling. The caller holds the lock and knows the queue is not
	 * empty.
	 */
	private E removeHead() {
		E head = itemAt(this.takeIndex);
		this.items[this.takeIndex] = null;
		this.takeIndex = next(this.takeIndex);
		this.count--;
		return head;
	}

	/**
	 * Remove the element at the given slot, shifting the later ones back. The caller holds the lock.
	 */
	private void removeAt(int removeIndex) {
		if (removeIndex == this.takeIndex) {
			removeHead();
			this.putters.signalOne();
			return;
		}
		int index = removeIndex;
		for (;;) {
			int following = next(index);
			if (following == this.putIndex) {
				this.items[index] = null;
				this.putIndex = index;
				break;
			}
			this.items[index] = this.items[following];
			this.insertionNumbers[index] = this.insertionNumbers[following];
			index = following;
		}
		this.count--;
		this.putters.signalOne();
	}

	@Override
	public boolean removeIf(Predicate<? super E> filter) {
		Objects.requireNonNull(filter, "'filter' must not be null");
		this.lock.lock();
		try {
			// Test every element first: a filter that throws leaves the queue as it was.
			int countBefore = this.count;
			long insertionsBefore = this.nextInsertionNumber;
			boolean[] remove = new boolean[countBefore];
			int removals = 0;
			for (int i = 0, index = this.takeIndex; i < countBefore; i++, index = next(index)) {
				boolean matches = filter.test(itemAt(index));
				// Every change counts an element in or out: a filter that changed the queue is caught at once.
				if (this.count != countBefore || this.nextInsertionNumber != insertionsBefore) {
					throw filterChangedQueue();
				}
				if (matches) {
					remove[i] = true;
					removals++;
				}
			}
			if (removals == 0) {
				return false;
			}
			int kept = this.takeIndex;
			for (int i = 0, index = this.takeIndex; i < this.count; i++, index = next(index)) {
				if (!remove[i]) {
					this.items[kept] = this.items[index];
					this.insertionNumbers[kept] = this.insertionNumbers[index];
					kept = next(kept);
				}
			}
			for (int i = 0, index = kept; i < removals; i++, index = next(index)) {
				this.items[index] = null;
			}
			this.putIndex = kept;
			this.count -= removals;
			this.putters.signal(removals);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void clear() {
		this.lock.lock();
		try {
			int removed = this.count;
			Arrays.fill(this.items, null);
			this.takeIndex = 0;
			this.putIndex = 0;
			this.count = 0;
			this.putters.signal(removed);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int drainTo(Collection<? super E> target, int maxElements) {
		requireDrainTarget(target);
		if (maxElements <= 0) {
			return 0;
		}
		this.lock.lock();
		int drained = 0;
		try {
			// Counted up front: a target that feeds this queue again cannot keep the drain going.
			int toDrain = Math.min(maxElements, this.count);
			while (drained < toDrain && this.count > 0) {
				// Removed only once the target took it: an element the target refuses stays in the queue.
				long head = this.insertionNumbers[this.takeIndex];
				target.add(itemAt(this.takeIndex));
				if (this.count == 0 || this.insertionNumbers[this.takeIndex] != head) {
					throw drainTargetTookElements();
				}
				removeHead();
				drained++;
			}
			return drained;
		}
		finally {
			this.putters.signal(drained);
			this.lock.unlock();
		}
	}

	@Override
	public Object[] toArray() {
		this.lock.lock();
		try {
			Object[] copy = new Object[this.count];
			copyTo(copy);
			return copy;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T[] toArray(T[] array) {
		Objects.requireNonNull(array, "'array' must not be null");
		this.lock.lock();
		try {
			T[] target = (array.length >= this.count) ? array : Arrays.copyOf(array, this.count);
			copyTo(target);
			if (target.length > this.count) {
				target[this.count] = null;
			}
			return target;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void copyTo(@Nullable Object[] target) {
		for (int i = 0, index = this.takeIndex; i < this.count; i++, index = next(index)) {
			target[i] = this.items[index];
		}
	}

	@Override
	public Iterator<E> iterator() {
		this.lock.lock();
		try {
			Object[] elements = new Object[this.count];
			long[] numbers = new long[this.count];
			for (int i = 0, index = this.takeIndex; i < this.count; i++, index = next(index)) {
				elements[i] = this.items[index];
				numbers[i] = this.insertionNumbers[index];
			}
			return new SnapshotIterator<>(elements, (index) -> removeInsertion(numbers[index]));
		}
		finally {
			this.lock.unlock();
		}
	}

	private void removeInsertion(long insertionNumber) {
		this.lock.lock();
		try {
			for (int i = 0, index = this.takeIndex; i < this.count; i++, index = next(index)) {
				if (this.insertionNumbers[index] == insertionNumber) {
					removeAt(index);
					return;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@SuppressWarnings("unchecked")
	private E itemAt(int index) {
		return (E) this.items[index];
	}

	private int next(int index) {
		return (index + 1 == this.items.length) ? 0 : index + 1;
	}

}

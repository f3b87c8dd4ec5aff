package dev.exitmonitor.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * An optionally bounded queue of linked nodes with one lock for taking and one for putting, whose waiting
 * threads park on {@link GuardedWaitList}s under those locks: the storage (and the waits) of
 * {@link dev.exitmonitor.ExitAwareQueue#linked()} and {@link dev.exitmonitor.ExitAwareQueue#linked(int)}.
 * <p>
 * It does what a {@link java.util.concurrent.LinkedBlockingQueue} does with its two locks and conditions, with
 * waits that a stop request ends with an unpark ({@link ParkingWait}): an insertion into an empty queue signals
 * the oldest waiting taker, a removal from a full queue the oldest waiting putter, and each taker (putter) that
 * leaves elements (space) behind signals the next one under its own lock, as the JDK queue's conditions do.
 * The signal across ends picks its ticket under the other end's lock and unparks after releasing it (as a
 * condition's waiter is unparked when the lock is released): unparked under that lock, the woken thread would
 * find it held and park again, which made a hand-off through a queue of capacity 1, where every operation
 * waits, markedly slower than the JDK queue's.
 * <p>
 * The element count is an {@link AtomicInteger}, so that a taker and a putter work at the two ends at the same
 * time; a thread's read of the count that sees an insertion sees the node it links. Operations on the whole
 * queue ({@code remove(Object)}, {@code contains}, bulk removals, {@code drainTo}, {@code toArray}, iteration)
 * hold both locks, always the put lock first.
 * <p>
 * Iterators are snapshots taken under both locks (weakly consistent in the sense of
 * {@link java.util.concurrent}: they never throw {@link ConcurrentModificationException}); their
 * {@code remove()} removes exactly the node the iterator returned last, or nothing if it has left the queue
 * already.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. The head and the take side's wait list are guarded by the take lock, the last node and the put
 * side's wait list by the put lock, and the count is atomic. Bulk operations are atomic;
 * {@code removeIf}, {@code removeAll} and {@code retainAll} test every element before removing any, so a
 * predicate that throws removes nothing, and {@code drainTo} removes an element only once the target has
 * accepted it. Predicates and the target of {@code drainTo} run under both locks, as with the JDK's queues:
 * they must not wait on this queue (a {@code put} into it from a full drain would wait forever). A drain
 * target that takes from the queue, or a filter that changes it, fails with
 * {@link ConcurrentModificationException} instead of corrupting the queue or dropping an element (the element a
 * drain target took is then held by both the target and the taker).
 *
 * @param <E> the element type
 * @since 0.1.0
 */
public final class TwoLockLinkedQueue<E> extends ParkingBlockingQueue<E> {

	private final int capacity;

	private final AtomicInteger count = new AtomicInteger();

	private final ReentrantLock takeLock;

	private final ReentrantLock putLock;

	/** A node without item, whose successor holds the first element. Guarded by {@link #takeLock}. */
	private Node<E> head;

	/** The node of the last element, or the head when empty. Guarded by {@link #putLock}. */
	private Node<E> last;

	/**
	 * Create an empty queue without a bound (up to {@link Integer#MAX_VALUE} elements).
	 */
	public TwoLockLinkedQueue() {
		this(Integer.MAX_VALUE);
	}

	/**
	 * Create an empty queue.
	 * @param capacity how many elements it holds at most; must be positive
	 */
	public TwoLockLinkedQueue(int capacity) {
		this(requirePositiveCapacity(capacity), new ReentrantLock(), new ReentrantLock());
	}

	private TwoLockLinkedQueue(int capacity, ReentrantLock takeLock, ReentrantLock putLock) {
		super(GuardedWaitList.checkingUnderLock(takeLock), GuardedWaitList.checkingUnderLock(putLock));
		this.capacity = capacity;
		this.takeLock = takeLock;
		this.putLock = putLock;
		this.head = new Node<>(null);
		this.last = this.head;
	}

	@Override
	boolean hasElements() {
		return this.count.get() > 0;
	}

	@Override
	boolean hasSpace() {
		return this.count.get() < this.capacity;
	}

	@Override
	public boolean offer(E element) {
		Objects.requireNonNull(element, "'element' must not be null");
		if (this.count.get() == this.capacity) {
			return false;
		}
		int before;
		this.putLock.lock();
		try {
			if (this.count.get() == this.capacity) {
				return false;
			}
			Node<E> node = new Node<>(element);
			this.last.next = node;
			this.last = node;
			before = this.count.getAndIncrement();
			if (before + 1 < this.capacity) {
				this.putters.signalOne();
			}
		}
		finally {
			this.putLock.unlock();
		}
		if (before == 0) {
			this.takers.signalOneOutsideLock();
		}
		return true;
	}

	@Override
	public @Nullable E poll() {
		if (this.count.get() == 0) {
			return null;
		}
		E element;
		int before;
		this.takeLock.lock();
		try {
			if (this.count.get() == 0) {
				return null;
			}
			element = removeFirst();
			before = this.count.getAndDecrement();
			if (before > 1) {
				this.takers.signalOne();
			}
		}
		finally {
			this.takeLock.unlock();
		}
		if (before == this.capacity) {
			this.putters.signalOneOutsideLock();
		}
		return element;
	}

	/**
	 * Unlink the first element's node, which becomes the head, and return its element. The caller holds the
	 * take lock and has seen a positive count.
	 */
	private E removeFirst() {
		Node<E> oldHead = this.head;
		Node<E> first = oldHead.next;
		assert first != null && first.item != null;
		E element = first.item;
		oldHead.next = oldHead;
		first.item = null;
		this.head = first;
		return element;
	}

	@Override
	public @Nullable E peek() {
		if (this.count.get() == 0) {
			return null;
		}
		this.takeLock.lock();
		try {
			Node<E> first = this.head.next;
			return (first != null) ? first.item : null;
		}
		finally {
			this.takeLock.unlock();
		}
	}

	@Override
	public int size() {
		return this.count.get();
	}

	@Override
	public int remainingCapacity() {
		return this.capacity - this.count.get();
	}

	@Override
	public boolean contains(@Nullable Object element) {
		if (element == null) {
			return false;
		}
		lockBoth();
		try {
			for (Node<E> node = this.head.next; node != null; node = node.next) {
				if (element.equals(node.item)) {
					return true;
				}
			}
			return false;
		}
		finally {
			unlockBoth();
		}
	}

	@Override
	public boolean remove(@Nullable Object element) {
		return (element != null) && removeFirstMatching((node) -> element.equals(node.item));
	}

	/**
	 * Remove the first node that matches, under both locks, and signal a waiting putter.
	 * @param match which node
	 * @return whether a node was removed
	 */
	private boolean removeFirstMatching(Predicate<Node<E>> match) {
		lockBoth();
		try {
			for (Node<E> previous = this.head, node = previous.next; node != null; previous = node, node = node.next) {
				if (match.test(node)) {
					unlink(node, previous);
					this.count.getAndDecrement();
					this.putters.signalOne();
					return true;
				}
			}
			return false;
		}
		finally {
			unlockBoth();
		}
	}

	/**
	 * Unlink a node other than the head, without counting or signalling. The caller holds both locks.
	 */
	private void unlink(Node<E> node, Node<E> previous) {
		node.item = null;
		previous.next = node.next;
		if (this.last == node) {
			this.last = previous;
		}
	}

	@Override
	public boolean removeIf(Predicate<? super E> filter) {
		Objects.requireNonNull(filter, "'filter' must not be null");
		lockBoth();
		try {
			// Test every element first: a filter that throws leaves the queue as it was.
			Node<E> headBefore = this.head;
			Node<E> lastBefore = this.last;
			int countBefore = this.count.get();
			boolean[] remove = new boolean[countBefore];
			int removals = 0;
			int i = 0;
			for (Node<E> node = headBefore.next; node != null; node = node.next, i++) {
				boolean matches = filter.test(elementOf(node));
				// A poll moves the head, an insertion the last node, a removal elsewhere the count: a filter that
				// changed the queue is caught at once.
				if (this.head != headBefore || this.last != lastBefore || this.count.get() != countBefore) {
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
			i = 0;
			for (Node<E> previous = this.head, node = previous.next; node != null; node = previous.next, i++) {
				if (remove[i]) {
					unlink(node, previous);
				}
				else {
					previous = node;
				}
			}
			this.count.getAndAdd(-removals);
			this.putters.signal(removals);
			return true;
		}
		finally {
			unlockBoth();
		}
	}

	@Override
	public void clear() {
		lockBoth();
		try {
			Node<E> node = this.head;
			Node<E> next;
			while ((next = node.next) != null) {
				next.item = null;
				node.next = node;
				node = next;
			}
			// The walk ends on the last node, which becomes the head.
			assert node == this.last;
			this.head = node;
			this.putters.signal(this.count.getAndSet(0));
		}
		finally {
			unlockBoth();
		}
	}

	@Override
	public int drainTo(Collection<? super E> target, int maxElements) {
		requireDrainTarget(target);
		if (maxElements <= 0) {
			return 0;
		}
		lockBoth();
		int drained = 0;
		try {
			// Counted up front: a target that feeds this queue again cannot keep the drain going.
			int toDrain = Math.min(maxElements, this.count.get());
			while (drained < toDrain && this.count.get() > 0) {
				// Removed only once the target took it: an element the target refuses stays in the queue.
				Node<E> first = this.head.next;
				assert first != null;
				target.add(elementOf(first));
				if (this.count.get() == 0 || this.head.next != first) {
					throw drainTargetTookElements();
				}
				removeFirst();
				this.count.getAndDecrement();
				drained++;
			}
			return drained;
		}
		finally {
			this.putters.signal(drained);
			unlockBoth();
		}
	}

	@Override
	public Object[] toArray() {
		lockBoth();
		try {
			Object[] copy = new Object[this.count.get()];
			copyTo(copy);
			return copy;
		}
		finally {
			unlockBoth();
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T[] toArray(T[] array) {
		Objects.requireNonNull(array, "'array' must not be null");
		lockBoth();
		try {
			int size = this.count.get();
			T[] target = (array.length >= size) ? array : Arrays.copyOf(array, size);
			copyTo(target);
			if (target.length > size) {
				target[size] = null;
			}
			return target;
		}
		finally {
			unlockBoth();
		}
	}

	private void copyTo(@Nullable Object[] target) {
		int i = 0;
		for (Node<E> node = this.head.next; node != null; node = node.next) {
			target[i++] = node.item;
		}
	}

	@Override
	public Iterator<E> iterator() {
		lockBoth();
		try {
			@SuppressWarnings("unchecked")
			Node<E>[] nodes = new Node[this.count.get()];
			int i = 0;
			for (Node<E> node = this.head.next; node != null; node = node.next) {
				nodes[i++] = node;
			}
			Object[] elements = new Object[nodes.length];
			copyTo(elements);
			return new SnapshotIterator<>(elements, (index) -> removeFirstMatching((node) -> node == nodes[index]));
		}
		finally {
			unlockBoth();
		}
	}

	private void lockBoth() {
		this.putLock.lock();
		this.takeLock.lock();
	}

	private void unlockBoth() {
		this.takeLock.unlock();
		this.putLock.unlock();
	}

	private static <E> E elementOf(Node<E> node) {
		E element = node.item;
		assert element != null;
		return element;
	}

	/**
	 * A node of the list: the head's item is {@code null}, every other node's is its element until it is
	 * removed. A node removed from the front links to itself.
	 */
	private static final class Node<E> {

		@Nullable E item;

		@Nullable Node<E> next;

		Node(@Nullable E item) {
			this.item = item;
		}

	}

}

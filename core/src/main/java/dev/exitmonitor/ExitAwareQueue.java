package dev.exitmonitor;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.internal.Arguments;
import dev.exitmonitor.internal.ExitAwareWaits;
import dev.exitmonitor.internal.ThreadStates;

/**
 * A {@link BlockingQueue} whose blocking operations ({@link #take()}, {@link #poll(long, TimeUnit)},
 * {@link #put(Object)}, {@link #offer(Object, long, TimeUnit)}) wake with {@link ThreadExit} when the
 * waiting thread is asked to stop, see {@link Exit}. Every other operation delegates unchanged.
 * <p>
 * No element is lost: if an element arrives in the same instant as the stop request, {@code take}
 * returns it (the next {@link Exit#check()} throws); if the stop wins, the element stays in the queue.
 * A {@code put} that ends with {@code ThreadExit} did not insert its element.
 * <p>
 * Thread-safe as the wrapped queue is.
 *
 * @param <E> the element type
 * @since 0.1.0
 */
public final class ExitAwareQueue<E> implements BlockingQueue<E> {

	private final BlockingQueue<E> queue;

	/**
	 * Wrap a queue.
	 * @param queue the queue to delegate to
	 */
	public ExitAwareQueue(BlockingQueue<E> queue) {
		this.queue = Objects.requireNonNull(queue, "'queue' must not be null");
	}

	/**
	 * Wrap a queue.
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
		E ready = ThreadStates.stopSignalRaised() ? null : this.queue.poll();
		return (ready != null) ? ready : ExitAwareWaits.await(this.queue::take);
	}

	@Override
	public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
		Objects.requireNonNull(unit, "'unit' must not be null");
		E ready = ThreadStates.stopSignalRaised() ? null : this.queue.poll();
		return (ready != null) ? ready : ExitAwareWaits.await(() -> this.queue.poll(timeout, unit));
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
		if (!ThreadStates.stopSignalRaised() && this.queue.offer(element)) {
			return;
		}
		ExitAwareWaits.await(() -> {
			this.queue.put(element);
			return null;
		});
	}

	@Override
	public boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
		Objects.requireNonNull(element, "'element' must not be null");
		Objects.requireNonNull(unit, "'unit' must not be null");
		if (!ThreadStates.stopSignalRaised() && this.queue.offer(element)) {
			return true;
		}
		return ExitAwareWaits.await(() -> this.queue.offer(element, timeout, unit));
	}

	@Override
	public boolean add(E element) {
		return this.queue.add(element);
	}

	@Override
	public boolean offer(E element) {
		return this.queue.offer(element);
	}

	@Override
	public int remainingCapacity() {
		return this.queue.remainingCapacity();
	}

	@Override
	public boolean remove(Object element) {
		return this.queue.remove(element);
	}

	@Override
	public boolean contains(Object element) {
		return this.queue.contains(element);
	}

	@Override
	public int drainTo(Collection<? super E> target) {
		return this.queue.drainTo(target);
	}

	@Override
	public int drainTo(Collection<? super E> target, int maxElements) {
		return this.queue.drainTo(target, maxElements);
	}

	@Override
	public E remove() {
		return this.queue.remove();
	}

	@Override
	public @Nullable E poll() {
		return this.queue.poll();
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
		return this.queue.iterator();
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
		return this.queue.addAll(elements);
	}

	@Override
	public boolean removeAll(Collection<?> elements) {
		return this.queue.removeAll(elements);
	}

	@Override
	public boolean retainAll(Collection<?> elements) {
		return this.queue.retainAll(elements);
	}

	@Override
	public void clear() {
		this.queue.clear();
	}

	@Override
	public String toString() {
		return "ExitAwareQueue" + this.queue;
	}

}

package dev.exitmonitor.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntConsumer;

/**
 * An iterator over the elements a queue held when it was created, whose {@link #remove()} asks the queue to
 * remove exactly the element at an index of the snapshot (each queue knows how to find it again, if it is still
 * there). Not thread-safe: one thread uses an iterator, as with any iterator; the queue it removes from is.
 *
 * @param <E> the element type
 * @since 0.1.0
 */
final class SnapshotIterator<E> implements Iterator<E> {

	private final Object[] elements;

	private final IntConsumer removal;

	private int cursor;

	private int last = -1;

	/**
	 * Create an iterator over a snapshot.
	 * @param elements the elements, in order
	 * @param removal removes the element at the given index of the snapshot from the queue, if still there
	 */
	SnapshotIterator(Object[] elements, IntConsumer removal) {
		this.elements = elements;
		this.removal = removal;
	}

	@Override
	public boolean hasNext() {
		return this.cursor < this.elements.length;
	}

	@Override
	@SuppressWarnings("unchecked")
	public E next() {
		if (!hasNext()) {
			throw new NoSuchElementException("No element left in this iterator's snapshot of the queue");
		}
		this.last = this.cursor++;
		return (E) this.elements[this.last];
	}

	@Override
	public void remove() {
		if (this.last < 0) {
			throw new IllegalStateException("remove() must follow next(), once per element");
		}
		this.removal.accept(this.last);
		this.last = -1;
	}

}

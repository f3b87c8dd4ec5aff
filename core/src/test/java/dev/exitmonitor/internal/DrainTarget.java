package dev.exitmonitor.internal;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A collection to drain a queue into, for tests: it runs a hook before accepting each element (the hook sees
 * what was accepted so far and may throw to refuse the element, or use the queue being drained) and keeps
 * the elements it accepted, in order.
 *
 * @param <E> the element type
 */
public final class DrainTarget<E> extends AbstractList<E> {

	private final List<E> accepted = new ArrayList<>();

	private final BiConsumer<List<E>, E> beforeAccepting;

	/**
	 * Create a target.
	 * @param beforeAccepting called with the elements accepted so far and the element about to be accepted
	 */
	public DrainTarget(BiConsumer<List<E>, E> beforeAccepting) {
		this.beforeAccepting = beforeAccepting;
	}

	@Override
	public boolean add(E element) {
		this.beforeAccepting.accept(Collections.unmodifiableList(this.accepted), element);
		return this.accepted.add(element);
	}

	@Override
	public E get(int index) {
		return this.accepted.get(index);
	}

	@Override
	public int size() {
		return this.accepted.size();
	}

	@Override
	public void clear() {
		this.accepted.clear();
	}

}

package dev.exitmonitor.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The threads bound to one monitor other than the global one, kept in an array so that an exit can copy them
 * out at once instead of walking a hash table of every thread in the process (a millisecond per ten
 * thousand threads, while the exit waits).
 *
 * <h2>Thread-safety and states</h2>
 * Thread-safe: every method holds this object's lock, each for a constant time except {@link #snapshot()}, which
 * copies the array. A removed thread's slot is filled with the last thread, whose {@code boundIndex} follows it.
 * Each instance moves {@code open → retired} once, when its last thread is removed; a retired instance refuses
 * additions ({@link #add(ThreadState)} returns {@code false}) so that the registry can drop it and make a new one
 * for the monitor's next thread, and a monitor whose threads all ended is not kept reachable.
 *
 * @since 0.1.0
 */
final class BoundThreads {

	private ThreadState[] states = new ThreadState[8];

	private int size;

	private boolean retired;

	/**
	 * Add a thread.
	 * @param state the thread's state, in no other instance
	 * @return {@code false} if this instance is retired and the caller must add to a new one
	 */
	synchronized boolean add(ThreadState state) {
		if (this.retired) {
			return false;
		}
		if (this.size == this.states.length) {
			this.states = Arrays.copyOf(this.states, this.size * 2);
		}
		state.boundIndex = this.size;
		this.states[this.size++] = state;
		return true;
	}

	/**
	 * Remove a thread, if this instance holds it.
	 * @param state the thread's state
	 * @return {@code true} if that emptied this instance, which is now retired
	 */
	synchronized boolean remove(ThreadState state) {
		int index = state.boundIndex;
		if (index < 0 || index >= this.size || this.states[index] != state) {
			return false;
		}
		ThreadState last = this.states[--this.size];
		this.states[index] = last;
		last.boundIndex = index;
		this.states[this.size] = null;
		state.boundIndex = -1;
		if (this.size == 0) {
			this.retired = true;
		}
		return this.retired;
	}

	/**
	 * Return the threads held now.
	 * @return a snapshot
	 */
	synchronized List<ThreadState> snapshot() {
		return Arrays.asList(Arrays.copyOf(this.states, this.size));
	}

}

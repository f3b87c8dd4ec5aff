package dev.exitmonitor.internal;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads bound to one monitor other than the global one, kept in an array so that an exit can copy them
 * out at once instead of walking a hash table of every thread in the process (a millisecond per ten
 * thousand threads, while the exit waits).
 *
 * <h2>Thread-safety and states</h2>
 * Thread-safe: every method holds {@link #lock} for a constant time, except {@link #snapshot()}, which copies the
 * array, and {@link #add}, which doubles a full array (amortised constant; the array never shrinks). A
 * {@code ReentrantLock} rather than {@code synchronized}: thousands of virtual threads end at once, and on JDK 21 a
 * virtual thread blocked entering a monitor holds on to its carrier. A removed thread's slot is filled with the
 * last thread, whose {@code boundIndex} follows it.
 * Each instance moves {@code open → retired} once, when its last thread is removed; a retired instance refuses
 * additions ({@link #add(ThreadState)} returns {@code false}) so that the registry can drop it and make a new one
 * for the monitor's next thread, and a monitor whose threads all ended is not kept reachable.
 *
 * @since 0.1.0
 */
final class BoundThreads {

	private final ReentrantLock lock = new ReentrantLock();

	/** Guarded by {@link #lock}. */
	private ThreadState[] states = new ThreadState[8];

	/** Guarded by {@link #lock}. */
	private int size;

	/** Guarded by {@link #lock}. */
	private boolean retired;

	/**
	 * Add a thread.
	 * @param state the thread's state, in no other instance
	 * @return {@code false} if this instance is retired and the caller must add to a new one
	 */
	boolean add(ThreadState state) {
		this.lock.lock();
		try {
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
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove a thread, if this instance holds it.
	 * @param state the thread's state
	 * @return {@code true} if that emptied this instance, which is now retired
	 */
	boolean remove(ThreadState state) {
		this.lock.lock();
		try {
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
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the threads held now.
	 * @return a snapshot
	 */
	List<ThreadState> snapshot() {
		this.lock.lock();
		try {
			return Arrays.asList(Arrays.copyOf(this.states, this.size));
		}
		finally {
			this.lock.unlock();
		}
	}

}

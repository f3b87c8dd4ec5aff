package dev.exitmonitor.internal;

/**
 * How an owner thread waits for a step that another thread has already begun and finishes in a moment
 * (a {@link Thread#interrupt()} call in flight): a few busy spins, then {@link Thread#yield()}.
 * <p>
 * Spinning alone can last a whole time slice: the waiting thread is often the very thread the other
 * one's interrupt just woke, and on a busy machine the scheduler runs it in place of the interrupting
 * thread, which then cannot finish its step. With thousands of threads woken at once by one stopper,
 * that convoy cost seconds; yielding hands the processor back.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
final class SpinPause {

	/**
	 * Busy rounds before yielding or blocking: a few microseconds, as long as the awaited step (an
	 * {@code interrupt()}, an unpark inside) takes when its thread is not preempted.
	 */
	private static final int SPINS = 128;

	/** Yields before a wait that can block does so: together, about the length of a slow {@code interrupt()}. */
	private static final int YIELDS = 64;

	private SpinPause() {
	}

	/**
	 * Whether a wait that can also block should still spin or yield rather than block.
	 * @param round how many times the caller paused for this wait so far
	 * @return {@code true} for the first rounds, while pausing is cheaper than blocking and being woken
	 */
	static boolean beforeBlocking(int round) {
		return round < SPINS + YIELDS;
	}

	/**
	 * Pause once.
	 * @param round how many times the caller paused for this wait so far
	 * @return {@code round + 1}, to pass to the next call
	 */
	static int pause(int round) {
		if (round < SPINS) {
			Thread.onSpinWait();
		}
		else {
			Thread.yield();
		}
		return round + 1;
	}

}

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

	/** Busy rounds before yielding; the awaited step is a few hundred nanoseconds when not preempted. */
	private static final int SPINS = 32;

	private SpinPause() {
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

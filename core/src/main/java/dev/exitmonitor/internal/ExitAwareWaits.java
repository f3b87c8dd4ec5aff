package dev.exitmonitor.internal;

import org.jspecify.annotations.Nullable;

/**
 * Runs a blocking call so that it wakes when the calling thread is asked to stop.
 * <p>
 * Mechanism: the thread publishes itself in its {@link ThreadState} wait slot, then checks for a
 * pending stop, then blocks. A stopper sets the stop flag, then claims the slot by CAS and interrupts
 * the thread once. The blocking call ends with {@link InterruptedException}, which is turned into a
 * {@link dev.exitmonitor.ThreadExit}; if the call returned normally in the same instant (an element
 * arrived), the result is returned and the wake-up interrupt is consumed. Either way the interrupt
 * never outlives the wait, and an interrupt that did not come from a stopper is rethrown as the
 * {@code InterruptedException} the JDK contract promises. A wake-up with no stop pending for the thread
 * (a stale one: a task's stop that arrived after the task ended, when the thread already waits for its
 * next task) is consumed and the call runs again.
 * <p>
 * Inside a critical section the call blocks as the plain primitive would: a critical section is not
 * interrupted by a stop request.
 *
 * @since 0.1.0
 */
public final class ExitAwareWaits {

	private ExitAwareWaits() {
	}

	/**
	 * Run a blocking call that wakes on a stop request of the calling thread.
	 * @param <T> the result type
	 * @param call the blocking call
	 * @return the call's result
	 * @throws InterruptedException if the thread was interrupted by something other than a stop request
	 */
	public static <T> T await(BlockingCall<T> call) throws InterruptedException {
		return await(call, false, null);
	}

	/**
	 * Run a {@link java.util.concurrent.locks.Condition} wait that wakes on a stop request of the calling
	 * thread. When it ends the thread holds the condition's lock again, so a thread woken by an exit does not
	 * help wake the others (see {@link SignalRound}) while it holds the lock they may be queued on. A stale
	 * wake-up (no stop pending) returns {@code spuriousResult} as a spurious wake-up, which the
	 * {@code Condition} contract allows and its callers re-check for: waiting again could miss a signal the
	 * interrupted wait gave up.
	 * @param <T> the result type
	 * @param call the condition wait
	 * @param spuriousResult what a spurious wake-up returns
	 * @return the call's result
	 * @throws InterruptedException if the thread was interrupted by something other than a stop request
	 */
	public static <T> T awaitCondition(BlockingCall<T> call, T spuriousResult) throws InterruptedException {
		return await(call, true, spuriousResult);
	}

	/**
	 * @param conditionWait whether the call is a condition wait: woken by a stop, it holds a lock and does not
	 * help signal others; woken stale, it returns {@code spuriousResult} instead of waiting again
	 */
	private static <T> T await(BlockingCall<T> call, boolean conditionWait, @Nullable T spuriousResult)
			throws InterruptedException {
		ThreadState state = ThreadStates.current();
		if (state.isInCriticalSection()) {
			return call.call();
		}
		for (;;) {
			state.beginWait();
			try {
				if (state.isStopRequested()) {
					throw state.newThreadExit();
				}
				return call.call();
			}
			catch (InterruptedException ex) {
				if (!state.isWaitWoken()) {
					throw ex;
				}
				if (state.isStopRequested()) {
					if (!conditionWait) {
						state.helpSignal();
					}
					throw state.newThreadExit();
				}
				// A stale wake-up: a stop aimed at a task that has ended reached the wait of the next task on
				// this thread. Nothing asked this wait to stop (endWait consumes the interrupt): a condition wait
				// returns as a spurious wake-up; any other call re-checks its own state and waits again, a timed
				// one with its whole timeout.
				if (conditionWait) {
					return spuriousResult;
				}
			}
			finally {
				state.endWait();
			}
		}
	}

	/**
	 * A blocking call that reacts to {@link Thread#interrupt()}.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	public interface BlockingCall<T> {

		/**
		 * Block until done.
		 * @return the result
		 * @throws InterruptedException if interrupted
		 */
		T call() throws InterruptedException;

	}

}

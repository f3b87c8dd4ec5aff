package dev.exitmonitor.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The library's own exit-aware waits: the calling thread parks until an attempt succeeds, its time runs
 * out, or it is asked to stop, and a stopper wakes it with {@link LockSupport#unpark(Thread)} instead of an
 * interrupt (see the parking states of {@link ThreadState}). Waking this way costs the stopper one unpark
 * and the woken thread no {@link InterruptedException}, so an exit releases parked threads as fast as a
 * bare unpark loop.
 * <p>
 * Each round: a pending stop ends the wait with {@link dev.exitmonitor.ThreadExit} (so a stop that comes
 * first leaves the awaited thing to others), then the attempt runs (except in the first round, as the caller
 * usually tried just before), then the thread enqueues a ticket on the {@link WaitList} of the thing it waits
 * for (first round, or after a signal) and tries again (one step
 * under one lock hold where the list shares the lock of what it waits for, see
 * {@link WaitList#attemptOrEnqueue(Attempt, WaitTicket, BooleanSupplier)}), and it
 * parks only after a last look at the stop flag with nothing between that look and the park that could
 * block (an attempt can wait briefly for the queue's lock, and such a lock wait swallows an unpark). An
 * interrupt that is not part of a stop ends the wait with {@code InterruptedException} and a cleared
 * interrupt status, as the JDK's waits do; an interrupt that comes with a stop (a hard interrupt)
 * is left set. Inside a critical section the wait ignores stop requests, as a plain JDK wait would.
 * <p>
 * Stateless and thread-safe; each call uses only the calling thread's state and the wait list given.
 *
 * @since 0.1.0
 */
public final class ParkingWait {

	private ParkingWait() {
	}

	/**
	 * Wait until the attempt succeeds.
	 * @param <T> the result type
	 * @param waitList where the thread waits for a signal
	 * @param attempt the non-blocking attempt; {@code null} when it must wait
	 * @param stillAvailable whether what a signal announced may still be there for another waiter
	 * @return the attempt's result
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	static <T> T await(WaitList waitList, Attempt<T> attempt, BooleanSupplier stillAvailable)
			throws InterruptedException {
		T result = await(waitList, attempt, stillAvailable, false, 0);
		assert result != null;
		return result;
	}

	/**
	 * Wait at most the given time until the attempt succeeds.
	 * @param <T> the result type
	 * @param waitList where the thread waits for a signal
	 * @param attempt the non-blocking attempt; {@code null} when it must wait
	 * @param stillAvailable whether what a signal announced may still be there for another waiter
	 * @param nanos how long to wait at most
	 * @return the attempt's result, or {@code null} if the time ran out
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	static <T> @Nullable T await(WaitList waitList, Attempt<T> attempt, BooleanSupplier stillAvailable,
			long nanos) throws InterruptedException {
		return await(waitList, attempt, stillAvailable, true, nanos);
	}

	/**
	 * Sleep for the given time, waking early with {@link dev.exitmonitor.ThreadExit} on a stop request.
	 * @param nanos how long to sleep
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	public static void sleep(long nanos) throws InterruptedException {
		await(null, () -> null, () -> false, true, nanos);
	}

	private static <T> @Nullable T await(@Nullable WaitList waitList, Attempt<T> attempt,
			BooleanSupplier stillAvailable, boolean timed, long nanos) throws InterruptedException {
		ThreadState state = ThreadStates.current();
		boolean stoppable = !state.isInCriticalSection();
		long deadline = 0;
		boolean deadlineSet = false;
		WaitTicket ticket = null;
		boolean signalUsed = false;
		if (stoppable) {
			state.beginParkingWait();
		}
		try {
			for (;;) {
				if (stoppable && state.isStopRequested()) {
					if (state.isParkingWaitWoken()) {
						state.helpSignal();
					}
					throw state.newThreadExit();
				}
				boolean signalled = ticket != null && !ticket.isWaiting();
				// The caller usually tried just before (ExitAwareQueue's fast path): the first round queues up and
				// tries in one step. A zero timeout keeps its single plain attempt, which must not queue up.
				boolean queueUpFirst = ticket == null && waitList != null && (!timed || nanos > 0);
				T result = queueUpFirst ? null : attempt.tryNow();
				if (result != null) {
					// A signal seen before this attempt is used by its success; one that came during it may
					// announce something this attempt did not take, and is passed on when leaving.
					signalUsed = signalled;
					return result;
				}
				long remaining = 0;
				if (timed) {
					// The clock is read only once waiting is certain: System.nanoTime() costs as much as a
					// whole queue operation on some machines.
					long now = System.nanoTime();
					if (!deadlineSet) {
						deadline = now + nanos;
						deadlineSet = true;
					}
					remaining = deadline - now;
					if (remaining <= 0) {
						return null;
					}
				}
				if (waitList != null && (ticket == null || !ticket.isWaiting())) {
					// First round, or a signal came and was not enough: queue up and look once more, in one step
					// where the wait list shares the lock of what it waits for.
					WaitTicket queued = new WaitTicket();
					result = waitList.attemptOrEnqueue(attempt, queued, stillAvailable);
					if (result != null) {
						// A previous ticket, if any, was signalled before this attempt, which used the signal.
						signalUsed = true;
						return result;
					}
					ticket = queued;
				}
				// Interrupt first, then the stop flag: a stopper raises the flag before it delivers a hard interrupt,
				// so an interrupt seen here is a foreign one only if the flag is still down when looked at after it.
				if (Thread.currentThread().isInterrupted()) {
					if (stoppable && state.isStopRequested()) {
						// A hard interrupt that came with the stop: the next round throws ThreadExit and keeps it.
						continue;
					}
					Thread.interrupted();
					throw new InterruptedException();
				}
				if (stoppable && state.isStopRequested()) {
					// The attempt may have blocked for a moment on the queue's lock, and that lock wait may have
					// used up the stopper's unpark: look once more, with nothing that can block before the park.
					continue;
				}
				if (timed) {
					LockSupport.parkNanos(waitList, remaining);
				}
				else {
					LockSupport.park(waitList);
				}
			}
		}
		finally {
			if (ticket != null && !signalUsed) {
				// A signal this thread received but did not use (it leaves without a result, or took something
				// older than what was announced) goes to the next waiter if there is still something to have.
				waitList.leave(ticket, stillAvailable);
			}
			if (stoppable) {
				state.endParkingWait();
			}
		}
	}

	/**
	 * A non-blocking attempt at what a parking wait waits for.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface Attempt<T> {

		/**
		 * Try once, without blocking.
		 * @return the result, or {@code null} if the caller must wait
		 */
		@Nullable T tryNow();

	}

}

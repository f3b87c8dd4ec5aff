package dev.exitmonitor.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The threads parked until something they wait for may have happened (an element arrived, space was
 * freed), in arrival order, for {@link ParkingWait}: a thread enqueues a {@link WaitTicket}, checks once
 * more ({@link #attemptOrEnqueue(ParkingWait.Attempt, WaitTicket, BooleanSupplier)}), and parks; the thread that makes the awaited thing happen signals
 * the oldest ticket, which unparks its thread.
 * <p>
 * An owner that leaves without a signal cancels its ticket; the ticket stays in the list, where signallers
 * skip and drop it, until a sweep after every {@value #SWEEP_EVERY} cancellations removes it (removing each
 * one would scan the list, and thousands of waiters leaving one queue at an exit would scan it thousands of
 * times). An owner that leaves holding a signal it could not use (it timed out, was asked to stop, or took
 * something older) passes the signal on ({@link #leave(WaitTicket, BooleanSupplier)}), so a signal is never
 * lost with the ticket that received it.
 * <p>
 * The implementation, {@link GuardedWaitList}, is guarded by the lock of the storage it serves and signalled
 * under that lock. Implementations are thread-safe.
 *
 * @since 0.1.0
 */
abstract class WaitList {

	/** Cancelled tickets are swept from the list after every this many cancellations. */
	static final int SWEEP_EVERY = 64;

	/** Cancellations so far; drives the sweep. */
	private final AtomicInteger cancelled = new AtomicInteger();

	/**
	 * Owner: try once more and, if that fails, have the given ticket in the list, so that whatever changes
	 * after the attempt signals it.
	 * @param <T> the attempt's result type
	 * @param attempt the non-blocking attempt
	 * @param ticket a new ticket of the calling thread
	 * @param stillAvailable whether what a signal announced may still be there for another waiter, for a
	 * ticket signalled during a successful attempt
	 * @return the attempt's result, in which case the ticket is not left waiting in the list; {@code null}
	 * if the caller may park
	 */
	abstract <T> @Nullable T attemptOrEnqueue(ParkingWait.Attempt<T> attempt, WaitTicket ticket,
			BooleanSupplier stillAvailable);

	/**
	 * Owner: leave the list. A ticket that was signalled passes its signal on when the awaited thing may
	 * still be there for somebody else.
	 * @param ticket the caller's ticket
	 * @param stillAvailable whether what a signal announced may still be there for another waiter; asked
	 * only if the ticket was signalled
	 */
	final void leave(WaitTicket ticket, BooleanSupplier stillAvailable) {
		if (ticket.cancel()) {
			if (this.cancelled.incrementAndGet() % SWEEP_EVERY == 0) {
				sweepCancelled();
			}
		}
		else {
			passOn(stillAvailable);
		}
	}

	/**
	 * Remove the cancelled tickets.
	 */
	abstract void sweepCancelled();

	/**
	 * Signal the oldest waiting ticket if what an unused signal announced is still there.
	 * @param stillAvailable whether it is
	 */
	abstract void passOn(BooleanSupplier stillAvailable);

	/**
	 * Return how many tickets the list holds, cancelled ones not yet swept included.
	 * @return the count
	 */
	abstract int size();

}

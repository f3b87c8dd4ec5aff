package dev.exitmonitor.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A lock-free {@link WaitList}: tickets live in a {@link ConcurrentLinkedQueue}, and the thread that changed
 * the awaited thing {@linkplain #signalOne() signals} after its change, outside any lock.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe and lock-free; each ticket's state changes only by CAS. Signalling while nobody waits costs a
 * look at the list's head.
 *
 * @since 0.1.0
 */
final class ConcurrentWaitList extends WaitList {

	private final ConcurrentLinkedQueue<WaitTicket> tickets = new ConcurrentLinkedQueue<>();

	@Override
	<T> @Nullable T attemptOrEnqueue(ParkingWait.Attempt<T> attempt, WaitTicket ticket,
			BooleanSupplier stillAvailable) {
		// Enqueued first: a change made after the attempt looks at the list afterwards and finds the ticket.
		this.tickets.add(ticket);
		T result;
		try {
			result = attempt.tryNow();
		}
		catch (RuntimeException | Error ex) {
			// The caller never learns of the ticket: left waiting, it would swallow a signal meant for another.
			leave(ticket, stillAvailable);
			throw ex;
		}
		if (result != null) {
			leave(ticket, stillAvailable);
		}
		return result;
	}

	@Override
	void sweepCancelled() {
		this.tickets.removeIf(WaitTicket::isCancelled);
	}

	@Override
	void passOn(BooleanSupplier stillAvailable) {
		if (stillAvailable.getAsBoolean()) {
			signalOne();
		}
	}

	@Override
	int size() {
		return this.tickets.size();
	}

	/**
	 * Wake the oldest waiting thread, if any.
	 */
	void signalOne() {
		if (this.tickets.isEmpty()) {
			return;
		}
		WaitTicket ticket;
		while ((ticket = this.tickets.poll()) != null) {
			if (ticket.signal()) {
				return;
			}
		}
	}

	/**
	 * Wake every waiting thread (after a change that may serve several, such as a bulk removal).
	 */
	void signalAll() {
		if (this.tickets.isEmpty()) {
			return;
		}
		WaitTicket ticket;
		while ((ticket = this.tickets.poll()) != null) {
			ticket.signal();
		}
	}

}

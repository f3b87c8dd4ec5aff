package dev.exitmonitor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The threads parked until something they wait for may have happened (an element arrived, space was
 * freed), in arrival order, for {@link ParkingWait}: a thread {@linkplain #enqueue() enqueues} a ticket,
 * checks once more, and parks; the thread that makes the awaited thing happen {@linkplain #signalOne()
 * signals} the oldest ticket, which unparks its thread.
 *
 * <h2>Ticket states</h2>
 * {@code WAITING → SIGNALLED} (a signaller, by CAS; it then unparks the owner) or {@code WAITING → CANCELLED}
 * (the owner leaves, by CAS; the ticket stays in the list, where signallers skip and drop it, until a sweep
 * after every {@value #SWEEP_EVERY} cancellations removes it). A ticket is signalled at most once; a signalled owner
 * that wants to wait again enqueues a new ticket. An owner that leaves holding a signal it could not use
 * (it timed out, was asked to stop, or took something older) passes the signal on
 * ({@link #leave(Ticket, BooleanSupplier)}), so a signal is never lost with the ticket that received it.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe and lock-free: tickets live in a {@link ConcurrentLinkedQueue}; each ticket's state changes
 * only by CAS. Signalling while nobody waits costs a look at the list's head.
 *
 * @since 0.1.0
 */
final class WaitList {

	/** Cancelled tickets are swept from the list after every this many cancellations. */
	static final int SWEEP_EVERY = 64;

	private final ConcurrentLinkedQueue<Ticket> tickets = new ConcurrentLinkedQueue<>();

	/** Cancellations so far; drives the sweep. */
	private final AtomicInteger cancelled = new AtomicInteger();

	/**
	 * Owner: enqueue a ticket for the calling thread. The caller must check for what it waits for after
	 * this call and before it parks.
	 * @return the ticket
	 */
	Ticket enqueue() {
		Ticket ticket = new Ticket(Thread.currentThread());
		this.tickets.add(ticket);
		return ticket;
	}

	/**
	 * Owner: leave the list. A ticket that was signalled passes its signal on when the awaited thing may
	 * still be there for somebody else.
	 * @param ticket the caller's ticket
	 * @param stillAvailable whether what a signal announced may still be there for another waiter; asked
	 * only if the ticket was signalled
	 */
	void leave(Ticket ticket, BooleanSupplier stillAvailable) {
		if (ticket.cancel()) {
			// Left in the list, where signallers skip it: removing each one would scan the list, and thousands
			// of waiters leaving one queue at an exit would scan it thousands of times. Cancelled tickets are
			// swept now and then instead, so that waits timing out on a queue nobody signals do not pile up.
			if (this.cancelled.incrementAndGet() % SWEEP_EVERY == 0) {
				this.tickets.removeIf(Ticket::isCancelled);
			}
		}
		else if (stillAvailable.getAsBoolean()) {
			signalOne();
		}
	}

	/**
	 * Return how many tickets the list holds, cancelled ones not yet swept included.
	 * @return the count
	 */
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
		Ticket ticket;
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
		Ticket ticket;
		while ((ticket = this.tickets.poll()) != null) {
			ticket.signal();
		}
	}

	/**
	 * Whether no thread waits.
	 * @return {@code true} if the list is empty
	 */
	boolean isEmpty() {
		return this.tickets.isEmpty();
	}

	/**
	 * One waiting thread's place in a {@link WaitList}.
	 */
	static final class Ticket {

		private static final int WAITING = 0;

		private static final int SIGNALLED = 1;

		private static final int CANCELLED = 2;

		private static final VarHandle STATE;

		static {
			try {
				STATE = MethodHandles.lookup().findVarHandle(Ticket.class, "state", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private final Thread thread;

		private volatile int state;

		Ticket(Thread thread) {
			this.thread = thread;
		}

		/**
		 * Whether the ticket still waits for a signal.
		 * @return {@code false} once signalled
		 */
		boolean isWaiting() {
			return this.state == WAITING;
		}

		private boolean signal() {
			if (STATE.compareAndSet(this, WAITING, SIGNALLED)) {
				LockSupport.unpark(this.thread);
				return true;
			}
			return false;
		}

		private boolean cancel() {
			return STATE.compareAndSet(this, WAITING, CANCELLED);
		}

		private boolean isCancelled() {
			return this.state == CANCELLED;
		}

	}

}

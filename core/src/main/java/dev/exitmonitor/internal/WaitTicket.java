package dev.exitmonitor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One waiting thread's place in a {@link WaitList}.
 *
 * <h2>States</h2>
 * {@code WAITING → SIGNALLED} (a signaller, by CAS; it then unparks the owner) or {@code WAITING → CANCELLED}
 * (the owner leaves, by CAS). A ticket is signalled at most once; an owner that wants to wait again after a
 * signal takes a new ticket.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe: the state changes only by CAS, so a signal and a cancellation never both succeed.
 *
 * @since 0.1.0
 */
final class WaitTicket {

	private static final int WAITING = 0;

	private static final int SIGNALLED = 1;

	private static final int CANCELLED = 2;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(WaitTicket.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Thread thread;

	private volatile int state;

	/**
	 * Create a ticket for the calling thread.
	 */
	WaitTicket() {
		this.thread = Thread.currentThread();
	}

	/**
	 * Whether the ticket still waits for a signal.
	 * @return {@code false} once signalled or cancelled
	 */
	boolean isWaiting() {
		return this.state == WAITING;
	}

	/**
	 * Signaller: signal the ticket and unpark its owner, unless it was signalled or cancelled before.
	 * @return whether this call signalled it
	 */
	boolean signal() {
		if (STATE.compareAndSet(this, WAITING, SIGNALLED)) {
			LockSupport.unpark(this.thread);
			return true;
		}
		return false;
	}

	/**
	 * Owner: cancel the ticket, unless it was signalled before.
	 * @return whether this call cancelled it; {@code false} means the owner holds a signal
	 */
	boolean cancel() {
		return STATE.compareAndSet(this, WAITING, CANCELLED);
	}

	/**
	 * Whether the owner cancelled the ticket.
	 * @return {@code true} once cancelled
	 */
	boolean isCancelled() {
		return this.state == CANCELLED;
	}

}

package dev.exitmonitor.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A {@link WaitList} guarded by the lock of the storage it serves: the thread that changes the storage
 * signals under the same lock hold, where a {@link java.util.concurrent.locks.Condition} would be signalled.
 * Unlike a condition, the signal unparks the waiter at once, while the signaller still holds the lock: measured
 * under contention, that is faster than unparking after the unlock, when the woken thread races the
 * signaller's next operation for the lock.
 * <p>
 * Two ways to try once more before parking ({@link #attemptOrEnqueue(ParkingWait.Attempt, WaitTicket, BooleanSupplier)}):
 * {@linkplain #attemptingUnderLock(ReentrantLock) under the lock}, for storage with one lock, where nothing
 * can change between the attempt and the enqueue; or {@linkplain #checkingUnderLock(ReentrantLock) checking
 * under the lock} whether the awaited thing is there, enqueueing if it is not and attempting after the unlock
 * if it is, for storage with two locks whose attempts take the other lock to signal (an attempt under this
 * lock would take the two locks in either order, and two such threads could deadlock).
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. The ticket list is guarded by the lock given: {@link #signalOne()} and {@link #signal(int)}
 * must be called with it held; the owner's {@link #attemptOrEnqueue(ParkingWait.Attempt, WaitTicket, BooleanSupplier)} and
 * {@link #leave(WaitTicket, BooleanSupplier)} take it themselves, and call the {@code stillAvailable} check under it.
 * The storage's thread that makes the awaited thing available must do so, or signal afterwards, under the lock
 * (or see the change under it): that is what makes the check-then-enqueue lose no wake-up.
 *
 * @since 0.1.0
 */
final class GuardedWaitList extends WaitList {

	private final ReentrantLock lock;

	private final boolean attemptUnderLock;

	/** Guarded by {@link #lock}. */
	private final ArrayDeque<WaitTicket> tickets = new ArrayDeque<>();

	private GuardedWaitList(ReentrantLock lock, boolean attemptUnderLock) {
		this.lock = lock;
		this.attemptUnderLock = attemptUnderLock;
	}

	/**
	 * Create a wait list whose owners try once more under the lock before they enqueue: for storage guarded
	 * by that one lock.
	 * @param lock the lock of the storage that signals the list
	 * @return the wait list
	 */
	static GuardedWaitList attemptingUnderLock(ReentrantLock lock) {
		return new GuardedWaitList(lock, true);
	}

	/**
	 * Create a wait list whose owners check under the lock whether the awaited thing is there, enqueue if it
	 * is not, and attempt after the unlock if it is: for storage with two locks, whose attempts may take the
	 * other one.
	 * @param lock the lock of the storage that signals the list
	 * @return the wait list
	 */
	static GuardedWaitList checkingUnderLock(ReentrantLock lock) {
		return new GuardedWaitList(lock, false);
	}

	@Override
	<T> @Nullable T attemptOrEnqueue(ParkingWait.Attempt<T> attempt, WaitTicket ticket,
			BooleanSupplier stillAvailable) {
		for (;;) {
			// One lock hold: nothing can change between the attempt (or the check) and the enqueue.
			this.lock.lock();
			try {
				if (this.attemptUnderLock) {
					T result = attempt.tryNow();
					if (result == null) {
						this.tickets.add(ticket);
					}
					return result;
				}
				if (!stillAvailable.getAsBoolean()) {
					this.tickets.add(ticket);
					return null;
				}
			}
			finally {
				this.lock.unlock();
			}
			T result = attempt.tryNow();
			if (result != null) {
				return result;
			}
			// Another thread was faster: each round that fails here follows a success elsewhere.
		}
	}

	@Override
	void sweepCancelled() {
		this.lock.lock();
		try {
			this.tickets.removeIf(WaitTicket::isCancelled);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	void passOn(BooleanSupplier stillAvailable) {
		this.lock.lock();
		try {
			if (stillAvailable.getAsBoolean()) {
				signalOne();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	int size() {
		this.lock.lock();
		try {
			return this.tickets.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wake the oldest waiting thread, if any, taking the lock only to pick its ticket: the unpark comes after
	 * the unlock. For a thread that changed the storage under another lock (an insertion into a two-lock
	 * queue signalling its takers): unparked under this lock, the woken thread would find it still held and
	 * park once more. Skips tickets cancelled before their signal, as {@link #signalOne()} does. The caller
	 * does not hold the lock.
	 */
	void signalOneOutsideLock() {
		assert !this.lock.isHeldByCurrentThread();
		for (;;) {
			WaitTicket ticket;
			this.lock.lock();
			try {
				ticket = this.tickets.poll();
			}
			finally {
				this.lock.unlock();
			}
			if (ticket == null || ticket.signal()) {
				return;
			}
		}
	}

	/**
	 * Wake the oldest waiting thread, if any. The caller holds the lock.
	 */
	void signalOne() {
		assert this.lock.isHeldByCurrentThread();
		WaitTicket ticket;
		while ((ticket = this.tickets.poll()) != null) {
			if (ticket.signal()) {
				return;
			}
		}
	}

	/**
	 * Wake up to the given number of waiting threads (after a change that may serve several, such as a bulk
	 * removal). The caller holds the lock.
	 * @param count how many at most
	 */
	void signal(int count) {
		assert this.lock.isHeldByCurrentThread();
		int signalled = 0;
		WaitTicket ticket;
		while (signalled < count && (ticket = this.tickets.poll()) != null) {
			if (ticket.signal()) {
				signalled++;
			}
		}
	}

}

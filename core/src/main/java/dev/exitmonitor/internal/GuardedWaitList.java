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
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. The ticket list is guarded by the lock given: {@link #signalOne()} and {@link #signal(int)}
 * must be called with it held; the owner's {@link #attemptOrEnqueue(ParkingWait.Attempt, WaitTicket, BooleanSupplier)} and
 * {@link #leave(WaitTicket, BooleanSupplier)} take it themselves, and call the {@code stillAvailable} check under it.
 *
 * @since 0.1.0
 */
final class GuardedWaitList extends WaitList {

	private final ReentrantLock lock;

	/** Guarded by {@link #lock}. */
	private final ArrayDeque<WaitTicket> tickets = new ArrayDeque<>();

	/**
	 * Create a wait list guarded by the given lock.
	 * @param lock the lock of the storage that signals the list
	 */
	GuardedWaitList(ReentrantLock lock) {
		this.lock = lock;
	}

	@Override
	<T> @Nullable T attemptOrEnqueue(ParkingWait.Attempt<T> attempt, WaitTicket ticket,
			BooleanSupplier stillAvailable) {
		// One lock hold: nothing can change between the attempt and the enqueue.
		this.lock.lock();
		try {
			T result = attempt.tryNow();
			if (result == null) {
				this.tickets.add(ticket);
			}
			return result;
		}
		finally {
			this.lock.unlock();
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

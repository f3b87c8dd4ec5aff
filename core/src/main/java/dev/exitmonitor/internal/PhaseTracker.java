package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.exitmonitor.ExitPhase;

/**
 * Current {@link ExitPhase} of a monitor, moving only forward, with waiting for a phase.
 * <p>
 * Thread-safe: writes happen under {@link #phaseLock}; reads go through the volatile {@link #phase}.
 *
 * @since 0.1.0
 */
public final class PhaseTracker {

	private final ReentrantLock phaseLock = new ReentrantLock();

	private final Condition phaseAdvanced = this.phaseLock.newCondition();

	/** Current phase; written under {@link #phaseLock}, read without it. */
	private volatile ExitPhase phase = ExitPhase.RUNNING;

	/**
	 * Return the current phase.
	 * @return the phase
	 */
	public ExitPhase current() {
		return this.phase;
	}

	/**
	 * Move forward to the given phase; does nothing if it was already reached.
	 * @param target the phase
	 */
	public void advanceTo(ExitPhase target) {
		this.phaseLock.lock();
		try {
			if (!this.phase.isAtLeast(target)) {
				this.phase = target;
				this.phaseAdvanced.signalAll();
			}
		}
		finally {
			this.phaseLock.unlock();
		}
	}

	/**
	 * Wait until the given phase is reached.
	 * @param target the phase
	 * @param timeout how long to wait
	 * @return {@code true} if reached
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean await(ExitPhase target, Duration timeout) throws InterruptedException {
		long nanos = saturatedNanos(timeout);
		this.phaseLock.lock();
		try {
			while (!this.phase.isAtLeast(target)) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.phaseAdvanced.awaitNanos(nanos);
			}
			return true;
		}
		finally {
			this.phaseLock.unlock();
		}
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}


}

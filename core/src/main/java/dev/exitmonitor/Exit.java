package dev.exitmonitor;

import java.io.Closeable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import dev.exitmonitor.internal.Arguments;
import dev.exitmonitor.internal.ExitAwareWaits;
import dev.exitmonitor.internal.ParkingWait;
import dev.exitmonitor.internal.ThreadState;
import dev.exitmonitor.internal.ThreadStates;

/**
 * What the current thread uses to cooperate with the exit: checkpoints, regions and exit-aware waits.
 * <p>
 * A thread is <em>asked to stop</em> when {@link Interruption#request(Thread)} was called for it, or
 * when the {@link ExitMonitor} it obeys (the one whose worker group or executor started it, else the
 * {@linkplain ExitMonitor#global() global} one) began to exit. The request never clears itself.
 * <pre class="code">
 * while (true) {
 *     Exit.check();                          // throws ThreadExit once asked to stop
 *     Job job = queue.take();                // ExitAwareQueue: wakes with ThreadExit too
 *     try (CriticalSection section = Exit.critical()) {
 *         process(job);                      // not interrupted; exit waits for it (up to the deadline)
 *     }
 * }
 * </pre>
 * <p>
 * All methods act on the calling thread and are safe to call from any thread. With no stop request
 * pending anywhere in the JVM, {@link #requested()} and {@link #check()} cost one volatile read.
 *
 * @since 0.1.0
 */
public final class Exit {

	private Exit() {
	}

	/**
	 * Whether the current thread was asked to stop (its own request or its monitor's exit).
	 * @return {@code true} once asked to stop
	 */
	public static boolean requested() {
		return ThreadStates.stopSignalRaised() && ThreadStates.current().isStopRequested();
	}

	/**
	 * Throw {@link ThreadExit} if the current thread was asked to stop, unless it is inside a critical
	 * section (then the request stays pending and the next check after the section throws).
	 * @throws ThreadExit if asked to stop outside a critical section
	 */
	public static void check() {
		if (ThreadStates.stopSignalRaised()) {
			ThreadState state = ThreadStates.current();
			if (state.isStopRequested() && !state.isInCriticalSection()) {
				throw state.newThreadExit();
			}
		}
	}

	/**
	 * Throw {@link ThreadExit} now, ending the current worker cleanly.
	 * @return never returns; declared so callers can write {@code throw Exit.now()}
	 * @throws ThreadExit always
	 */
	public static ThreadExit now() {
		throw new ThreadExit("Thread '" + Thread.currentThread().getName() + "' exits on its own request");
	}

	/**
	 * Return the monitor the current thread obeys.
	 * @return the monitor
	 */
	public static ExitMonitor monitor() {
		return ThreadStates.current().monitor();
	}

	/**
	 * Open a critical section: until it is closed, {@link #check()} does not throw, exit-aware waits
	 * behave like the plain primitive, and no hard interrupt is delivered (an interrupt that is due, or
	 * that was pending on entry, is delivered when the outermost section closes). Sections nest.
	 * @return the section, to close with try-with-resources
	 */
	public static CriticalSection critical() {
		return new CriticalSection(ThreadStates.current());
	}

	/**
	 * Open an interruptible region: a stop request is delivered inside it as a hard
	 * {@link Thread#interrupt()} (at once on entry if it was already requested), and on leaving the
	 * outermost region the interrupt status this library set is cleared, so no stray interrupt escapes
	 * into code after it. Regions nest.
	 * @return the region, to close with try-with-resources
	 */
	public static InterruptibleRegion interruptible() {
		return new InterruptibleRegion(ThreadStates.current());
	}

	/**
	 * Register a resource of the current thread to close when its interruption is escalated (a socket
	 * read on a platform thread ignores {@link Thread#interrupt()}; closing the socket ends it).
	 * @param resource the resource
	 * @return the registration; close it when the blocking operation is over
	 */
	public static CloseOnInterrupt closeOnInterrupt(Closeable resource) {
		Objects.requireNonNull(resource, "'resource' must not be null");
		return new CloseOnInterrupt(ThreadStates.current(), resource);
	}

	/**
	 * Sleep, waking with {@link ThreadExit} if the current thread is asked to stop.
	 * @param duration how long to sleep; must not be negative
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	public static void sleep(Duration duration) throws InterruptedException {
		Arguments.requireNonNegative(duration, "duration");
		ParkingWait.sleep(saturatedNanos(duration));
	}

	/**
	 * Wait for a latch, waking with {@link ThreadExit} if the current thread is asked to stop.
	 * @param latch the latch
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	public static void await(CountDownLatch latch) throws InterruptedException {
		Objects.requireNonNull(latch, "'latch' must not be null");
		ExitAwareWaits.await(() -> {
			latch.await();
			return null;
		});
	}

	/**
	 * Wait for a latch at most the given time, waking with {@link ThreadExit} on a stop request.
	 * @param latch the latch
	 * @param timeout how long to wait; must not be negative
	 * @return {@code true} if the latch reached zero
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	public static boolean await(CountDownLatch latch, Duration timeout) throws InterruptedException {
		Objects.requireNonNull(latch, "'latch' must not be null");
		Arguments.requireNonNegative(timeout, "timeout");
		return ExitAwareWaits.await(() -> latch.await(saturatedNanos(timeout), TimeUnit.NANOSECONDS));
	}

	/**
	 * Wait on a condition, whose lock the caller holds, waking with {@link ThreadExit} on a stop
	 * request. As with {@link Condition#await()}, the lock is held again when this method returns or
	 * throws, and it may return spuriously (check the awaited state in a loop).
	 * @param condition the condition
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	public static void await(Condition condition) throws InterruptedException {
		Objects.requireNonNull(condition, "'condition' must not be null");
		// A woken thread holds the condition's lock again: it does not help wake others while holding it.
		ExitAwareWaits.awaitCondition(() -> {
			condition.await();
			return Boolean.TRUE;
		}, Boolean.TRUE);
	}

	/**
	 * Wait on a condition at most the given time, waking with {@link ThreadExit} on a stop request.
	 * @param condition the condition, whose lock the caller holds
	 * @param timeout how long to wait; must not be negative
	 * @return {@code false} if the time elapsed before a signal
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	public static boolean await(Condition condition, Duration timeout) throws InterruptedException {
		Objects.requireNonNull(condition, "'condition' must not be null");
		Arguments.requireNonNegative(timeout, "timeout");
		return ExitAwareWaits
			.awaitCondition(() -> condition.await(saturatedNanos(timeout), TimeUnit.NANOSECONDS), Boolean.TRUE);
	}

	/**
	 * Acquire a permit, waking with {@link ThreadExit} if the current thread is asked to stop. If the
	 * permit was acquired in the same instant, this method returns normally and the caller owns it.
	 * @param semaphore the semaphore
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	public static void acquire(Semaphore semaphore) throws InterruptedException {
		Objects.requireNonNull(semaphore, "'semaphore' must not be null");
		ExitAwareWaits.await(() -> {
			semaphore.acquire();
			return null;
		});
	}

	/**
	 * Acquire a lock, waking with {@link ThreadExit} if the current thread is asked to stop. If the lock
	 * was acquired in the same instant, this method returns normally and the caller holds it.
	 * @param lock the lock
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	public static void lock(Lock lock) throws InterruptedException {
		Objects.requireNonNull(lock, "'lock' must not be null");
		ExitAwareWaits.await(() -> {
			lock.lockInterruptibly();
			return null;
		});
	}

	static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}

package dev.exitmonitor;

import java.util.Objects;

import dev.exitmonitor.internal.ThreadStates;

/**
 * Soft, per-thread stop requests, separate from Java's interrupt status.
 * <p>
 * {@link #request(Thread)} sets the thread's stop flag (it never clears itself), wakes it from an
 * exit-aware wait, and delivers a hard {@link Thread#interrupt()} only where its
 * {@link InterruptMode} and regions allow. The thread sees the request through {@link Exit#requested()}
 * and {@link Exit#check()}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Interruption {

	private Interruption() {
	}

	/**
	 * Ask one thread to stop.
	 * @param thread the thread
	 */
	public static void request(Thread thread) {
		Objects.requireNonNull(thread, "'thread' must not be null");
		ThreadStates.forThread(thread).requestStop();
	}

	/**
	 * Ask every thread known to the calling thread's monitor to stop, without beginning the exit.
	 */
	public static void requestAll() {
		Exit.monitor().requestStopAll();
	}

	/**
	 * Whether a thread was asked to stop (its own request or its monitor's exit).
	 * @param thread the thread
	 * @return {@code true} once asked to stop
	 */
	public static boolean isRequested(Thread thread) {
		Objects.requireNonNull(thread, "'thread' must not be null");
		return ThreadStates.forThread(thread).isStopRequested();
	}

	/**
	 * Escalate: ask the thread to stop, hard-interrupt it even outside interruptible regions, and close
	 * every resource it registered with {@link Exit#closeOnInterrupt(java.io.Closeable)}. Inside a
	 * critical section neither happens until the outermost section closes.
	 * @param thread the thread
	 */
	public static void escalate(Thread thread) {
		Objects.requireNonNull(thread, "'thread' must not be null");
		ThreadStates.forThread(thread).escalate();
	}

}

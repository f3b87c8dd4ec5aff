package dev.exitmonitor.internal;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ThreadExit;

/**
 * The {@link ThreadExit} the library throws to unwind a thread that was asked to stop: no stack trace, and a
 * message composed only when somebody reads it. An exit wakes every blocked thread at once and nearly all of
 * them drop their {@code ThreadExit} unread, so composing thousands of messages up front would be a large
 * share of the cost of stopping them.
 * <p>
 * Immutable once created; the message is composed at most once per reader race (every composition gives the
 * same text). It describes itself as a {@code ThreadExit} ({@link #toString()}) and is serialized as a plain
 * {@code ThreadExit} carrying the composed message.
 *
 * @since 0.1.0
 */
final class StopRequestExit extends ThreadExit {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient String threadName;

	private final transient Cause cause;

	private final transient ExitMonitor monitor;

	private transient @Nullable String message;

	StopRequestExit(String threadName, Cause cause, ExitMonitor monitor) {
		// The detail message is composed on first read, see getMessage().
		super("asked to stop", false);
		this.threadName = threadName;
		this.cause = cause;
		this.monitor = monitor;
	}

	@Override
	public String getMessage() {
		String composed = this.message;
		if (composed == null) {
			composed = "Thread '" + this.threadName + "' was asked to stop: " + why();
			this.message = composed;
		}
		return composed;
	}

	private String why() {
		return switch (this.cause) {
			case THREAD_STOP -> "a stop was requested for this thread";
			case MONITOR_EXIT ->
				"exit monitor '" + this.monitor.name() + "' is exiting: " + this.monitor.reason().orElse(null);
			case TASK_CANCELLED -> "its task was cancelled";
			case OTHER -> "a stop was requested";
		};
	}

	/**
	 * Describe this exception as a {@code ThreadExit}: logs and stack traces show the public type, not this
	 * internal one.
	 */
	@Override
	public String toString() {
		return ThreadExit.class.getName() + ": " + getMessage();
	}

	@Serial
	private Object writeReplace() {
		return new ThreadExit(getMessage(), false);
	}

	/**
	 * Why the thread was asked to stop.
	 */
	enum Cause {

		/** A stop was requested for the thread itself. */
		THREAD_STOP,

		/** Its monitor is exiting. */
		MONITOR_EXIT,

		/** The executor task it runs was cancelled. */
		TASK_CANCELLED,

		/** None of the above could be seen any more (a race with the end of a task). */
		OTHER

	}

}

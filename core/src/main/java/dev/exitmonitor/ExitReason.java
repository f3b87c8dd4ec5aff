package dev.exitmonitor;

import java.util.Objects;

/**
 * Why an application (or one {@link ExitMonitor}) began to exit, and the process exit code that
 * reason stands for.
 * <p>
 * Reasons are immutable values. The first reason given to {@link ExitMonitor#requestExit(ExitReason)}
 * wins; later ones are ignored.
 *
 * @param kind what started the exit
 * @param description human readable description, shown in logs and monitoring
 * @param exitCode exit code the process should end with ({@code 0} for a normal exit)
 * @since 0.1.0
 */
public record ExitReason(Kind kind, String description, int exitCode) {

	/**
	 * Create a reason, checking its arguments.
	 * @param kind what started the exit
	 * @param description human readable description
	 * @param exitCode process exit code
	 */
	public ExitReason {
		Objects.requireNonNull(kind, "'kind' must not be null");
		Objects.requireNonNull(description, "'description' must not be null");
	}

	/**
	 * A normal exit requested by application code.
	 * @param description why the application exits
	 * @return the reason, with exit code {@code 0}
	 */
	public static ExitReason requested(String description) {
		return new ExitReason(Kind.REQUESTED, description, 0);
	}

	/**
	 * An exit caused by a failure, ending the process with a non-zero code.
	 * @param description what failed
	 * @param exitCode the non-zero exit code
	 * @return the reason
	 * @throws IllegalArgumentException if {@code exitCode} is zero
	 */
	public static ExitReason failure(String description, int exitCode) {
		if (exitCode == 0) {
			throw new IllegalArgumentException("A failure must carry a non-zero exit code, but was 0");
		}
		return new ExitReason(Kind.FAILURE, description, exitCode);
	}

	/**
	 * The JVM began to shut down: a signal (SIGTERM, SIGINT, SIGHUP) or {@code System.exit}.
	 * @return the reason, with exit code {@code 0}
	 */
	public static ExitReason jvmShutdown() {
		return new ExitReason(Kind.JVM_SHUTDOWN, "JVM shutdown (signal or System.exit)", 0);
	}

	/**
	 * The main thread ended while only monitored workers kept the JVM alive.
	 * @return the reason, with exit code {@code 0}
	 */
	public static ExitReason mainReturned() {
		return new ExitReason(Kind.MAIN_RETURNED, "main thread ended while only monitored workers were running", 0);
	}

	@Override
	public String toString() {
		return this.kind + " (" + this.description + ", exit code " + this.exitCode + ")";
	}

	/**
	 * What started an exit.
	 */
	public enum Kind {

		/** Application code asked for the exit. */
		REQUESTED,

		/** A failure (for example a worker with the {@code STOP_APPLICATION} policy) ended the application. */
		FAILURE,

		/** The JVM is shutting down: a signal or {@code System.exit}. */
		JVM_SHUTDOWN,

		/** The main thread returned while only monitored workers were alive. */
		MAIN_RETURNED,

		/** The owning container (for example a Spring application context) is closing. */
		CONTAINER_CLOSING

	}

}

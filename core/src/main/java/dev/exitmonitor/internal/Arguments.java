package dev.exitmonitor.internal;

import java.time.Duration;

/**
 * Argument checks shared by the core API, with messages that name the parameter.
 *
 * @since 0.1.0
 */
public final class Arguments {

	private Arguments() {
	}

	/**
	 * Check that a duration is present and not negative.
	 * @param duration the duration
	 * @param name the parameter name
	 * @return the duration
	 */
	public static Duration requireNonNegative(Duration duration, String name) {
		requireNonNull(duration, name);
		if (duration.isNegative()) {
			throw new IllegalArgumentException("'" + name + "' must not be negative, but was " + duration);
		}
		return duration;
	}

	/**
	 * Check that a duration is present and strictly positive.
	 * @param duration the duration
	 * @param name the parameter name
	 * @return the duration
	 */
	public static Duration requirePositive(Duration duration, String name) {
		requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("'" + name + "' must be positive, but was " + duration);
		}
		return duration;
	}

	/**
	 * Check that an exit code reports a failure: the operating system keeps only its low 8 bits, so 0 and
	 * the multiples of 256 would all end the process looking successful.
	 * @param exitCode the exit code
	 * @param name the parameter name
	 * @return the exit code
	 */
	public static int requireFailureExitCode(int exitCode, String name) {
		if ((exitCode & 0xFF) == 0) {
			throw new IllegalArgumentException("'" + name + "' must be an exit code from 1 to 255, but was " + exitCode
					+ ((exitCode != 0) ? " (the operating system keeps only its low 8 bits, so the process would end "
							+ "with code 0)" : ""));
		}
		return exitCode;
	}

	private static void requireNonNull(Duration duration, String name) {
		// No message supplier: a lambda here would be spun, at a cost, the first time the exit path checks its timeout.
		if (duration == null) {
			throw new NullPointerException("'" + name + "' must not be null");
		}
	}

}

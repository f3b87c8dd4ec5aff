package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.Objects;

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
		Objects.requireNonNull(duration, () -> "'" + name + "' must not be null");
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
		Objects.requireNonNull(duration, () -> "'" + name + "' must not be null");
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("'" + name + "' must be positive, but was " + duration);
		}
		return duration;
	}

}

package dev.exitmonitor;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.exitmonitor.internal.Arguments;

/**
 * Exponential backoff with jitter between restarts of a failing worker: the n-th consecutive failure
 * waits {@code min(max, initial × multiplier^(n-1))}, varied by ± {@code jitter} (a fraction).
 *
 * @param initial delay after the first failure, positive
 * @param max largest delay, at least {@code initial}
 * @param multiplier growth factor, at least 1
 * @param jitter random variation as a fraction of the delay, from 0 to 1
 * @since 0.1.0
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

	/**
	 * Create a backoff, checking it.
	 * @param initial delay after the first failure
	 * @param max largest delay
	 * @param multiplier growth factor
	 * @param jitter random variation
	 */
	public Backoff {
		Arguments.requirePositive(initial, "initial");
		Arguments.requirePositive(max, "max");
		if (max.compareTo(initial) < 0) {
			throw new IllegalArgumentException(
					"Backoff 'max' (" + max + ") must not be less than 'initial' (" + initial + ")");
		}
		if (!(multiplier >= 1.0)) {
			throw new IllegalArgumentException("Backoff 'multiplier' must be at least 1, but was " + multiplier);
		}
		if (!(jitter >= 0.0 && jitter <= 1.0)) {
			throw new IllegalArgumentException("Backoff 'jitter' must be between 0 and 1, but was " + jitter);
		}
	}

	/**
	 * Return the default backoff: 1 s, doubling, at most 1 min, ±20 %.
	 * @return the default
	 */
	public static Backoff defaults() {
		return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, 0.2);
	}

	/**
	 * Return the delay before the next attempt.
	 * @param consecutiveFailures how many failures in a row, at least 1
	 * @return the delay
	 */
	public Duration delayFor(int consecutiveFailures) {
		double base = this.initial.toNanos() * Math.pow(this.multiplier, Math.max(0, consecutiveFailures - 1));
		double capped = Math.min(base, this.max.toNanos());
		double varied = capped * (1 + this.jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
		return Duration.ofNanos((long) Math.max(0, Math.min(varied, this.max.toNanos())));
	}

}

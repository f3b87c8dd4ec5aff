package dev.exitmonitor.benchmarks;

import java.util.Locale;

/**
 * Number formatting for the result tables: durations with a precision that suits their size, ratios with two
 * decimals.
 *
 * @since 0.1.0
 */
public final class Format {

	private Format() {
	}

	/**
	 * Format a duration given in milliseconds: {@code 0.042 ms}, {@code 3.18 ms}, {@code 41.7 ms},
	 * {@code 1,702 ms}.
	 * @param millis the duration
	 * @return the text
	 */
	public static String millis(double millis) {
		if (millis < 1) {
			return String.format(Locale.ROOT, "%.3f ms", millis);
		}
		if (millis < 10) {
			return String.format(Locale.ROOT, "%.2f ms", millis);
		}
		if (millis < 100) {
			return String.format(Locale.ROOT, "%.1f ms", millis);
		}
		return String.format(Locale.ROOT, "%,.0f ms", millis);
	}

	/**
	 * Format a ratio: {@code 1.07×}; ratios of 100 and more without decimals.
	 * @param ratio the ratio
	 * @return the text
	 */
	public static String ratio(double ratio) {
		if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, (ratio >= 100) ? "%,.0f×" : "%.2f×", ratio);
	}

	/**
	 * Format a score with its error, as JMH reports it: {@code 1.23 ± 0.04 ns/op}.
	 * @param score the score
	 * @param error the half-width of the 99.9 % confidence interval, or {@code NaN}
	 * @param unit the unit
	 * @return the text
	 */
	public static String score(double score, double error, String unit) {
		String number = number(score);
		return (Double.isNaN(error) ? number : number + " ± " + number(error)) + " " + unit;
	}

	private static String number(double value) {
		double magnitude = Math.abs(value);
		if (magnitude >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (magnitude >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		if (magnitude >= 0.1) {
			return String.format(Locale.ROOT, "%.2f", value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

	/**
	 * Say whether a target was met.
	 * @param met whether it was met
	 * @return {@code yes} or {@code **no**}
	 */
	public static String met(boolean met) {
		return met ? "yes" : "**no**";
	}

}

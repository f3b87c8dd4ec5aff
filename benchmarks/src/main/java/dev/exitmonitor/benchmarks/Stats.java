package dev.exitmonitor.benchmarks;

import java.util.Arrays;
import java.util.Collection;

/**
 * Summary of repeated timings: median and 99th percentile (nearest rank), in milliseconds.
 * <p>
 * Immutable. With fewer than 100 samples the 99th percentile is the largest sample.
 *
 * @since 0.1.0
 */
public final class Stats {

	private final long[] sortedNanos;

	private Stats(long[] sortedNanos) {
		this.sortedNanos = sortedNanos;
	}

	/**
	 * Summarize timings.
	 * @param nanos the samples, in nanoseconds; at least one
	 * @return the summary
	 * @throws IllegalArgumentException if there is no sample
	 */
	public static Stats ofNanos(Collection<Long> nanos) {
		if (nanos.isEmpty()) {
			throw new IllegalArgumentException("At least one sample is needed, but there were none");
		}
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		return new Stats(sorted);
	}

	/**
	 * Return the number of samples.
	 * @return the count
	 */
	public int count() {
		return this.sortedNanos.length;
	}

	/**
	 * Return the median; the mean of the two middle samples for an even count.
	 * @return the median in milliseconds
	 */
	public double medianMillis() {
		int n = this.sortedNanos.length;
		double nanos = (n % 2 == 1) ? this.sortedNanos[n / 2]
				: (this.sortedNanos[n / 2 - 1] + (double) this.sortedNanos[n / 2]) / 2;
		return nanos / 1e6;
	}

	/**
	 * Return the 99th percentile by nearest rank: the smallest sample that at least 99 % of the samples do not
	 * exceed.
	 * @return the percentile in milliseconds
	 */
	public double p99Millis() {
		int rank = (int) Math.ceil(0.99 * this.sortedNanos.length);
		return this.sortedNanos[Math.max(0, rank - 1)] / 1e6;
	}

	/**
	 * Return the smallest sample.
	 * @return the minimum in milliseconds
	 */
	public double minMillis() {
		return this.sortedNanos[0] / 1e6;
	}

	/**
	 * Return the largest sample.
	 * @return the maximum in milliseconds
	 */
	public double maxMillis() {
		return this.sortedNanos[this.sortedNanos.length - 1] / 1e6;
	}

	@Override
	public String toString() {
		return "median " + Format.millis(medianMillis()) + ", p99 " + Format.millis(p99Millis()) + " over "
				+ count() + " " + Arrays.toString(this.sortedNanos);
	}

}

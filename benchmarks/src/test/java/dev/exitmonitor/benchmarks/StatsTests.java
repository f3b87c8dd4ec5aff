package dev.exitmonitor.benchmarks;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Stats}.
 */
class StatsTests {

	@Test
	void medianOfAnOddCountIsTheMiddleSample() {
		Stats stats = Stats.ofNanos(List.of(3_000_000L, 1_000_000L, 2_000_000L));
		assertThat(stats.medianMillis()).isEqualTo(2.0);
		assertThat(stats.minMillis()).isEqualTo(1.0);
		assertThat(stats.maxMillis()).isEqualTo(3.0);
	}

	@Test
	void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleSamples() {
		Stats stats = Stats.ofNanos(List.of(4_000_000L, 1_000_000L, 2_000_000L, 3_000_000L));
		assertThat(stats.medianMillis()).isEqualTo(2.5);
	}

	@Test
	void p99OfFewSamplesIsTheLargest() {
		Stats stats = Stats.ofNanos(List.of(1_000_000L, 9_000_000L, 2_000_000L));
		assertThat(stats.p99Millis()).isEqualTo(9.0);
	}

	@Test
	void p99OfTwoHundredSamplesIsTheNearestRank() {
		List<Long> samples = LongStream.rangeClosed(1, 200).map((i) -> i * 1_000_000).boxed().toList();
		assertThat(Stats.ofNanos(samples).p99Millis()).isEqualTo(198.0);
	}

	@Test
	void noSampleIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Stats.ofNanos(List.of()))
			.withMessage("At least one sample is needed, but there were none");
	}

}

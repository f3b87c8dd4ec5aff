package dev.exitmonitor.benchmarks.jmh;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JmhMain}: its two passes together run every benchmark that JMH's annotation processor listed,
 * each exactly once (each pass excludes the other's classes, so a class named by both would run in neither, and a
 * class named by neither would run twice, with the settings of both passes), and its table notes any row whose
 * benchmark class ran without the score the row asks for.
 */
class JmhMainTests {

	@Test
	void everyBenchmarkRunsInExactlyOnePass() {
		Set<BenchmarkListEntry> entries = BenchmarkList.defaultList()
			.getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());
		Set<String> names = entries.stream().map(BenchmarkListEntry::getUsername).collect(Collectors.toSet());
		assertThat(names).as("benchmarks listed by JMH")
			.contains(HandOffBenchmark.class.getName() + ".capacityOne", QueueBenchmark.class.getName() + ".twoToTwo");
		Pattern contended = Pattern.compile(JmhMain.CONTENDED);
		Pattern notContended = Pattern.compile(JmhMain.NOT_CONTENDED);
		assertThat(names).allSatisfy((name) -> assertThat(
				contended.matcher(name).find() != notContended.matcher(name).find())
			.as("'%s' matches exactly one of the contended and the uncontended pass", name)
			.isTrue());
	}

	@Test
	void scoresRememberAKeyAskedForInVainOnlyWhenItsBenchmarkClassRan() {
		JmhMain.Score score = new JmhMain.Score(1.0, 0.1, "ops/us");
		JmhMain.Scores scores = new JmhMain.Scores(Map.of("HandOffBenchmark.capacityOne:take[LinkedBlockingQueue]", score));
		assertThat(scores.get("HandOffBenchmark.capacityOne:take[LinkedBlockingQueue]")).isSameAs(score);
		assertThat(scores.get("HandOffBenchmark.capacityTwo:take[LinkedBlockingQueue]")).isNull();
		assertThat(scores.get("QueueBenchmark.twoToTwo:take2[LinkedBlockingQueue]")).isNull();
		assertThat(scores.missing()).containsExactly("`HandOffBenchmark.capacityTwo:take[LinkedBlockingQueue]`");
	}

}

package dev.exitmonitor.benchmarks.jmh;

import java.util.List;
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
 * each exactly once. Each pass excludes the other's classes, so a class named by both would run in neither, and a
 * class named by neither would run twice, with the settings of both passes.
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

}

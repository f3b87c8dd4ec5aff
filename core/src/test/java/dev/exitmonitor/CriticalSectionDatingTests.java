package dev.exitmonitor;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.exitmonitor.child.CriticalSinceMain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how critical sections are dated in reports ({@link ThreadReport#criticalSince()}): sections
 * opened before any stop signal are not timed (to keep them cheap) and are dated by their first reader or
 * by the first stop signal; sections opened after one are timed when they open. Runs in a child JVM,
 * because the first stop signal of a JVM is raised only once.
 */
class CriticalSectionDatingTests {

	@Test
	void datesSectionsByFirstReaderBySignalOrAtEntry() throws Exception {
		try (ChildJvm child = ChildJvm.start(CriticalSinceMain.class)) {
			assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.lines().toString()).isZero();
			List<String> checks = child.lines().stream().filter((line) -> line.startsWith("CHECK ")).toList();
			assertThat(checks).as(child.lines().toString()).hasSize(5);
			assertThat(checks).allSatisfy((line) -> assertThat(line.split(" ")[2]).as(line).isEqualTo("true"));
			assertThat(child.lines()).contains("DONE");
		}
	}

}

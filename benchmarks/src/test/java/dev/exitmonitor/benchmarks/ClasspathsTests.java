package dev.exitmonitor.benchmarks;

import java.io.File;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Classpaths}.
 */
class ClasspathsTests {

	@Test
	void removesTheExitMonitorJarsAndKeepsTheRestInOrder() {
		String classpath = String.join(File.pathSeparator, "/repo/benchmarks/target/classes",
				"/repo/core/target/exit-monitor-core-0.1.0-SNAPSHOT.jar",
				"/m2/dev/exitmonitor/exit-monitor-spring-boot-starter-0.1.0-SNAPSHOT.jar",
				"/m2/org/springframework/boot/spring-boot-4.1.1.jar",
				"/repo/autoconfigure/target/exit-monitor-spring-boot-0.1.0-SNAPSHOT.jar",
				"/m2/com/google/guava/guava-33.4.8-jre.jar");
		assertThat(Classpaths.withoutExitMonitor(classpath)).isEqualTo(String.join(File.pathSeparator,
				"/repo/benchmarks/target/classes", "/m2/org/springframework/boot/spring-boot-4.1.1.jar",
				"/m2/com/google/guava/guava-33.4.8-jre.jar"));
	}

	@Test
	void removesTheModulesOutputFoldersOfAReactorBuild() {
		assertThat(Classpaths.isExitMonitorEntry("/repo/core/target/classes")).isTrue();
		assertThat(Classpaths.isExitMonitorEntry("/repo/autoconfigure/target/classes/")).isTrue();
		assertThat(Classpaths.isExitMonitorEntry("/repo/benchmarks/target/classes")).isFalse();
	}

	@Test
	void keepsTheBenchmarksJar() {
		assertThat(Classpaths.isExitMonitorEntry("/repo/benchmarks/target/exit-monitor-benchmarks-0.1.0-SNAPSHOT.jar"))
			.isFalse();
	}

}

package dev.exitmonitor.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a Spring Boot application using Exit Monitor, run in its own JVM, exits cleanly and in
 * phase order on SIGTERM.
 */
class SigtermChildJvmTests {

	@Test
	void sigtermRunsEarlyExitThenStopsTheWorkerThenRunsLateExitAndExitsCleanly()
			throws IOException, InterruptedException {
		try (ChildJvm child = ChildJvm.start(SigtermApplication.class, "--spring.main.banner-mode=off")) {
			child.awaitLine("READY", Duration.ofSeconds(60));
			// main has returned: keep-alive keeps the application without a web server running.
			assertThat(child.isAlive()).isTrue();
			long start = System.nanoTime();
			child.terminate();
			int exitCode = child.awaitExit(Duration.ofSeconds(30));
			Duration exiting = Duration.ofNanos(System.nanoTime() - start);
			// 143 is the JVM's exit code after SIGTERM, also when the shutdown was clean.
			assertThat(exitCode).as("exit code; output: %s", child.lines()).isEqualTo(143);
			assertThat(exiting).isLessThan(Duration.ofSeconds(5));
			int early = child.indexOf(SigtermApplication.EARLY);
			int stopped = child.indexOf(SigtermApplication.WORKER_STOPPED);
			int late = child.indexOf(SigtermApplication.LATE);
			assertThat(early).as("'%s' in %s", SigtermApplication.EARLY, child.lines()).isNotNegative();
			assertThat(stopped).as("worker stopped after EARLY in %s", child.lines()).isGreaterThan(early);
			assertThat(late).as("LATE after worker stopped in %s", child.lines()).isGreaterThan(stopped);
		}
	}

	@Test
	void sigtermLoadsNoneOfTheLibrarysClasses() throws IOException, InterruptedException {
		// A JVM that receives SIGTERM is cold: a class loaded or a lambda spun there costs the shutdown a fraction
		// of a millisecond each. The exit path's classes are loaded with the monitor (ExitPath).
		try (ChildJvm child = ChildJvm.start(List.of("-Xlog:class+load=info:stdout"), SigtermApplication.class,
				"--spring.main.banner-mode=off")) {
			child.awaitLine("READY", Duration.ofSeconds(60));
			child.terminate();
			assertThat(child.awaitExit(Duration.ofSeconds(30))).as("exit code; output: %s", child.lines()).isEqualTo(143);
			List<String> lines = child.lines();
			assertThat(lines).contains(SigtermApplication.LATE);
			List<String> loadedDuringExit = lines.subList(lines.indexOf("READY"), lines.size())
				.stream()
				.filter((line) -> line.contains("[class,load] dev.exitmonitor."))
				.toList();
			assertThat(loadedDuringExit)
				.as("classes of the library loaded by the shutdown: add them to ExitPath, or, for a lambda, make it "
						+ "before the shutdown")
				.isEmpty();
		}
	}

}

package dev.exitmonitor;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.exitmonitor.child.ExitPathMain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that an exit loads none of the library's classes, lambdas included: a JVM that receives SIGTERM is cold, and
 * loading, verifying and initialising a class there, or spinning a lambda's, costs a fraction of a millisecond that
 * the shutdown waits for.
 */
class ExitPathPreloadTests {

	@Test
	void anExitLoadsNoneOfTheLibrarysClasses() throws Exception {
		try (ChildJvm child = ChildJvm.start(List.of("-Xlog:class+load=info:stdout"), ExitPathMain.class)) {
			assertThat(child.awaitExit(Duration.ofSeconds(60))).isZero();
			List<String> lines = child.lines();
			int begins = lines.indexOf("EXIT BEGINS");
			assertThat(begins).as("output: %s", lines).isNotNegative();
			assertThat(lines).contains("EXIT DONE allStopped=true");
			List<String> loadedDuringExit = lines.subList(begins, lines.size())
				.stream()
				.filter((line) -> line.contains("[class,load] dev.exitmonitor."))
				.toList();
			assertThat(loadedDuringExit)
				.as("classes of the library loaded by the exit: add them to ExitPath, or, for a lambda, write a loop")
				.isEmpty();
			// Only an exit whose stopper and woken thread race uses SpinPause, so the exit above need not show it.
			assertThat(lines.subList(0, begins))
				.as("classes loaded before the exit began")
				.anyMatch((line) -> line.contains("[class,load] dev.exitmonitor.internal.SpinPause "));
		}
	}

}

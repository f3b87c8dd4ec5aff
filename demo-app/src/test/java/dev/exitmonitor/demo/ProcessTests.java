package dev.exitmonitor.demo;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared bits of the process tests: scratch directories and the log checks.
 */
final class ProcessTests {

	static final String EARLY_EXIT = "EARLY EXIT PHASE";

	static final String CONSUMER_STOPPED = "Worker 'job-consumer' is STOPPED";

	static final String LATE_EXIT = "LATE EXIT PHASE";

	/** The JVM's exit code after SIGTERM, also when the shutdown was clean. */
	static final int SIGTERM_EXIT_CODE = 143;

	/** The exit code of a process ended by SIGKILL. */
	static final int SIGKILL_EXIT_CODE = 137;

	private ProcessTests() {
	}

	/**
	 * Return an empty scratch directory under {@code target/process-tests}; kept after the test for its
	 * logs.
	 * @param name the directory name
	 * @return the directory (not created yet)
	 */
	static Path scratchDirectory(String name) {
		Path directory = DemoLauncher.demoJar().resolveSibling("process-tests").resolve(name);
		DemoLauncher.deleteRecursively(directory);
		return directory;
	}

	/**
	 * Assert that the log shows the early exit phase, then the job consumer stopping, then the late exit
	 * phase.
	 * @param process the stopped process
	 */
	static void assertExitPhasesInOrder(DemoProcess process) {
		assertThat(process.log()).as("exit phases in the log of %s (%s)", process, process.logFile())
			.containsSubsequence(EARLY_EXIT, CONSUMER_STOPPED, LATE_EXIT);
	}

}

package dev.exitmonitor.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.exitmonitor.demo.DemoProcess.Exit;

import static dev.exitmonitor.demo.ProcessTests.CONSUMER_STOPPED;
import static dev.exitmonitor.demo.ProcessTests.EARLY_EXIT;
import static dev.exitmonitor.demo.ProcessTests.LATE_EXIT;
import static dev.exitmonitor.demo.ProcessTests.SIGTERM_EXIT_CODE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process-level tests of straggler handling: with the stubborn worker enabled (it ignores stop requests
 * and interrupts), SIGTERM still ends the process within the shutdown timeout plus the escalation
 * grace (plus 1 s), the log names the worker with its stack, and the exit code follows the final policy
 * after escalation: {@code EXIT} keeps the SIGTERM exit code, {@code ABORT} ends with the abort exit code.
 * Embedded H2 default in a fresh working directory.
 */
class StragglerIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final Duration ESCALATION_GRACE = Duration.ofSeconds(1);

	private static final Duration SETTLE = Duration.ofSeconds(1);

	private static final int ABORT_EXIT_CODE = 3;

	private static final String STUBBORN_STRAGGLER = "worker 'stubborn'";

	/** The frame as the log prints it, with the class loader prefix ({@code app//}) the JDK may add. */
	private static final String STUBBORN_FRAME = "(?m)^\\s+at (\\S+/)?dev\\.exitmonitor\\.demo\\.stubborn\\.StubbornWorker"
			+ "\\.ignoreStopRequests\\(";

	private static final String STUBBORN_STACK = "StubbornWorker.ignoreStopRequests(";

	@Test
	void escalateThenExitReportsTheStubbornWorkerAndEndsWithTheSigtermExitCode() throws Exception {
		try (DemoProcess app = start("escalate-exit", "--exit-monitor.shutdown.straggler-policy=escalate",
				"--exit-monitor.shutdown.final-policy=exit")) {
			Exit exit = stop(app, TIMEOUT.plus(ESCALATION_GRACE).plusSeconds(1));
			assertThat(exit.code()).as("exit code (log %s)", app.logFile()).isEqualTo(SIGTERM_EXIT_CODE);
			assertThat(app.log()).containsPattern(STUBBORN_FRAME)
				.containsSubsequence(EARLY_EXIT, CONSUMER_STOPPED, STUBBORN_STRAGGLER, "straggler policy ESCALATE",
						STUBBORN_STACK, STUBBORN_STRAGGLER, "straggler policy EXIT", STUBBORN_STACK, LATE_EXIT)
				.doesNotContain("straggler policy ABORT");
		}
	}

	@Test
	void escalateThenAbortReportsTheStubbornWorkerAndEndsWithTheAbortExitCode() throws Exception {
		try (DemoProcess app = start("escalate-abort", "--exit-monitor.shutdown.straggler-policy=escalate",
				"--exit-monitor.shutdown.final-policy=abort",
				"--exit-monitor.shutdown.abort-exit-code=" + ABORT_EXIT_CODE)) {
			Exit exit = stop(app, TIMEOUT.plus(ESCALATION_GRACE).plusSeconds(1));
			assertThat(exit.code()).as("exit code (log %s)", app.logFile()).isEqualTo(ABORT_EXIT_CODE);
			assertThat(app.log()).containsPattern(STUBBORN_FRAME)
				.containsSubsequence(EARLY_EXIT, CONSUMER_STOPPED, STUBBORN_STRAGGLER, "straggler policy ESCALATE",
						STUBBORN_STACK, STUBBORN_STRAGGLER, "straggler policy ABORT", STUBBORN_STACK, LATE_EXIT,
						"Ending the process with exit code " + ABORT_EXIT_CODE);
		}
	}

	private static DemoProcess start(String name, String... policy) throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--demo.stubborn.enabled=true",
				"--exit-monitor.shutdown.timeout=" + TIMEOUT.toSeconds() + "s",
				"--exit-monitor.shutdown.escalation-grace=" + ESCALATION_GRACE.toSeconds() + "s"));
		arguments.addAll(List.of(policy));
		return DemoProcess
			.start("straggler " + name, DemoLauncher.fast(), ProcessTests.scratchDirectory("straggler-" + name),
					arguments)
			.awaitStarted();
	}

	private static Exit stop(DemoProcess app, Duration allowed) throws InterruptedException {
		// Let the start-up's leftover work (compilation, pool warm-up) end first: it would slow the shutdown
		// being measured.
		assertThat(app.runFor(SETTLE)).as("%s still running (log %s)", app, app.logFile()).isTrue();
		Exit exit = app.stop();
		System.out.printf("%s: exit code %d %d ms after SIGTERM (allowed %d ms; started in %d ms)%n", app,
				exit.code(), exit.took().toMillis(), allowed.toMillis(), app.startUp().toMillis());
		assertThat(exit.took()).as("time from SIGTERM to exit (log %s)", app.logFile()).isLessThanOrEqualTo(allowed);
		return exit;
	}

}

package dev.exitmonitor.autoconfigure;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.exitmonitor.ExitReason;
import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.spring.BackgroundWorker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApplicationExitCoordinator}: keep-alive must not take over the exit that a
 * {@code STOP_APPLICATION} failure begins.
 */
class ApplicationExitCoordinatorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, RecordingApplicationTerminator::new);

	// Repeated: the failing worker becomes FAILED a moment before its exit is requested (from another
	// thread), and keep-alive must not see that moment as "every worker finished on its own".
	@RepeatedTest(20)
	void stopApplicationFailureEndsTheApplicationWithTheFailureExitCodeUnderKeepAlive() {
		this.contextRunner.withPropertyValues("exit-monitor.keep-alive=true")
			.withBean("fatalWorker", FatalWorker.class, FatalWorker::new)
			.run((context) -> {
				RecordingApplicationTerminator terminator = context.getBean(RecordingApplicationTerminator.class);
				ExitReason reason = terminator.reason.get(10, TimeUnit.SECONDS);
				assertThat(reason.kind()).as("reason %s", reason).isEqualTo(ExitReason.Kind.FAILURE);
				assertThat(reason.exitCode()).isEqualTo(42);
			});
	}

	static class FatalWorker {

		@BackgroundWorker(name = "fatal", failurePolicy = FailurePolicy.STOP_APPLICATION, failureExitCode = 42)
		void fail() {
			throw new IllegalStateException("cannot continue");
		}

	}

}

package dev.exitmonitor.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.exitmonitor.spring.BackgroundWorker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidExitMonitorConfigurationFailureAnalyzer}, fed with the failures of real
 * start-ups.
 */
class InvalidExitMonitorConfigurationFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, RecordingApplicationTerminator::new);

	@Test
	void analyzesAnInvalidBackgroundWorkerMethod() {
		FailureAnalysis analysis = analyzeStartUpFailure(
				this.contextRunner.withBean("reportWriter", ReportWriter.class, ReportWriter::new));
		assertThat(analysis.getDescription()).isEqualTo("The @BackgroundWorker method 'ReportWriter.write(String)' of "
				+ "bean 'reportWriter' is invalid: it has unsupported parameters (String).");
		assertThat(analysis.getAction())
			.isEqualTo("Declare the method with no parameters or with a single WorkerContext parameter.");
		assertThat(analysis.getCause()).isInstanceOf(InvalidExitMonitorConfigurationException.class);
	}

	@Test
	void analyzesAnInvalidPropertyValue() {
		FailureAnalysis analysis = analyzeStartUpFailure(
				this.contextRunner.withPropertyValues("exit-monitor.shutdown.final-policy=escalate"));
		assertThat(analysis.getDescription()).isEqualTo("Invalid value 'ESCALATE' for property "
				+ "'exit-monitor.shutdown.final-policy': the final policy applies after escalation.");
		assertThat(analysis.getAction()).isEqualTo("Set exit-monitor.shutdown.final-policy to EXIT, ABORT or WAIT.");
		assertThat(analysis.getCause()).isInstanceOf(InvalidExitMonitorConfigurationException.class);
	}

	@Test
	void doesNotAnalyzeOtherFailures() {
		assertThat(new InvalidExitMonitorConfigurationFailureAnalyzer().analyze(new IllegalStateException("other")))
			.isNull();
	}

	private FailureAnalysis analyzeStartUpFailure(ApplicationContextRunner runner) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		runner.run((context) -> {
			assertThat(context).hasFailed();
			analysis[0] = new InvalidExitMonitorConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		});
		assertThat(analysis[0]).isNotNull();
		return analysis[0];
	}

	static class ReportWriter {

		@BackgroundWorker
		void write(String report) {
		}

	}

}

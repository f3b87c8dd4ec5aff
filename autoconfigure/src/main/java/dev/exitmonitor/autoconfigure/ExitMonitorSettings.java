package dev.exitmonitor.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.exitmonitor.StragglerPolicy;
import dev.exitmonitor.StragglerSettings;

/**
 * Checks {@code exit-monitor.*} property values and turns them into core settings; a bad value fails
 * start-up naming the property, the value and the fix.
 *
 * @since 0.1.0
 */
final class ExitMonitorSettings {

	private static final Log logger = LogFactory.getLog(ExitMonitorSettings.class);

	static final String LIFECYCLE_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

	private ExitMonitorSettings() {
	}

	static Duration shutdownTimeout(ExitMonitorProperties properties) {
		Duration timeout = properties.getShutdown().getTimeout();
		requirePositive(timeout, "exit-monitor.shutdown.timeout");
		return timeout;
	}

	static StragglerSettings stragglerSettings(ExitMonitorProperties properties) {
		ExitMonitorProperties.Shutdown shutdown = properties.getShutdown();
		requirePositive(shutdown.getEscalationGrace(), "exit-monitor.shutdown.escalation-grace");
		requirePositive(shutdown.getWaitReportInterval(), "exit-monitor.shutdown.wait-report-interval");
		if (shutdown.getFinalPolicy() == StragglerPolicy.ESCALATE) {
			throw new InvalidExitMonitorConfigurationException(
					"Invalid value 'ESCALATE' for property 'exit-monitor.shutdown.final-policy': the final policy "
							+ "applies after escalation.",
					"Set exit-monitor.shutdown.final-policy to EXIT, ABORT or WAIT.");
		}
		int abortExitCode = shutdown.getAbortExitCode();
		if ((abortExitCode & 0xFF) == 0) {
			// 0, 256, 512, ...: the operating system keeps the low 8 bits, so the process would look successful.
			throw new InvalidExitMonitorConfigurationException("Invalid value '" + abortExitCode
					+ "' for property 'exit-monitor.shutdown.abort-exit-code': an abort must end the process with a "
					+ "non-zero code, and the operating system keeps only the low 8 bits of an exit code.",
					"Set exit-monitor.shutdown.abort-exit-code to a value from 1 to 255 (default 70).");
		}
		return new StragglerSettings(shutdown.getStragglerPolicy(), shutdown.getFinalPolicy(),
				shutdown.getEscalationGrace(), shutdown.getAbortExitCode(), shutdown.getWaitReportInterval());
	}

	/**
	 * Warn when Spring's per-phase lifecycle timeout would cut the late exit phase short.
	 */
	static void checkLifecycleTimeout(ExitMonitorProperties properties, Environment environment) {
		Duration lifecycleTimeout = Binder.get(environment)
			.bind(LIFECYCLE_TIMEOUT_PROPERTY, Duration.class)
			.orElse(Duration.ofSeconds(30));
		ExitMonitorProperties.Shutdown shutdown = properties.getShutdown();
		Duration needed = shutdown.getTimeout();
		if (shutdown.getStragglerPolicy() == StragglerPolicy.ESCALATE) {
			needed = needed.plus(shutdown.getEscalationGrace());
		}
		if (lifecycleTimeout.compareTo(needed) < 0) {
			logger.warn(LIFECYCLE_TIMEOUT_PROPERTY + " (" + lifecycleTimeout.toMillis()
					+ "ms) is shorter than the late exit phase may take (exit-monitor.shutdown.timeout "
					+ shutdown.getTimeout().toMillis() + "ms"
					+ ((shutdown.getStragglerPolicy() == StragglerPolicy.ESCALATE)
							? " + exit-monitor.shutdown.escalation-grace " + shutdown.getEscalationGrace().toMillis() + "ms"
							: "")
					+ "): the context would destroy beans while workers still drain. Raise " + LIFECYCLE_TIMEOUT_PROPERTY
					+ " to at least " + needed.toMillis() + "ms, or lower exit-monitor.shutdown.timeout.");
		}
	}

	private static void requirePositive(Duration value, String property) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidExitMonitorConfigurationException(
					"Invalid value '" + value + "' for property '" + property + "': it must be a positive duration.",
					"Set " + property + " to a positive duration such as '30s'.");
		}
	}

}

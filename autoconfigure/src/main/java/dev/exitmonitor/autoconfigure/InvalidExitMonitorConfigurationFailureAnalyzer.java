package dev.exitmonitor.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidExitMonitorConfigurationException} with what is wrong and how to fix it.
 *
 * @since 0.1.0
 */
class InvalidExitMonitorConfigurationFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidExitMonitorConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidExitMonitorConfigurationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}

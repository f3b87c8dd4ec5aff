package dev.exitmonitor.benchmarks.process;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every mode of {@link ShutdownApp} shares: auto-configuration and the readiness report.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class AppConfiguration {

	@Bean
	ReadyReporter readyReporter(ObjectProvider<BlockedLatch> blocked) {
		return new ReadyReporter(blocked);
	}

}

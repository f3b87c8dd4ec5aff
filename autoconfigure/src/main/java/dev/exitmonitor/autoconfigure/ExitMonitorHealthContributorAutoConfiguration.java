package dev.exitmonitor.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.actuate.health.ExitMonitorHealthIndicator;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link ExitMonitorHealthIndicator},
 * contributed as {@code exitMonitor}; {@code management.health.exitmonitor.enabled=false} turns it off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ExitMonitorAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ ExitMonitor.class, WorkerGroup.class })
@ConditionalOnEnabledHealthIndicator("exitmonitor")
public final class ExitMonitorHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "exitMonitorHealthIndicator", "exitMonitorHealthContributor" })
	ExitMonitorHealthIndicator exitMonitorHealthIndicator(ExitMonitor monitor, WorkerGroup workers) {
		return new ExitMonitorHealthIndicator(monitor, workers);
	}

}

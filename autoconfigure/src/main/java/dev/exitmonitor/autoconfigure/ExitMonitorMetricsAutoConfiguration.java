package dev.exitmonitor.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.actuate.metrics.ExitMonitorMetrics;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link ExitMonitorMetrics}: a
 * {@link MeterBinder} bean that Spring Boot's metrics support binds to every {@link MeterRegistry}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ExitMonitorAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean({ MeterRegistry.class, ExitMonitor.class, WorkerGroup.class })
public final class ExitMonitorMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ExitMonitorMetrics exitMonitorMetrics(ExitMonitor monitor, WorkerGroup workers) {
		return new ExitMonitorMetrics(monitor, workers);
	}

}

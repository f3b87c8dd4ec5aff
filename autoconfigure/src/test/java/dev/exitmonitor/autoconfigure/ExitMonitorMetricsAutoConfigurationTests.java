package dev.exitmonitor.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.actuate.metrics.ExitMonitorMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExitMonitorMetricsAutoConfiguration}.
 */
class ExitMonitorMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class,
				ExitMonitorMetricsAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, () -> (reason) -> {
		});

	@Test
	void metricsAreBoundToTheAutoConfiguredMeterRegistry() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(ExitMonitorMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("exitmonitor.workers").tag("state", "running").gauge().value()).isZero();
				assertThat(registry.get("exitmonitor.stragglers").counter().count()).isZero();
			});
	}

	@Test
	void metricsAreAutoConfiguredForAUserDefinedMeterRegistry() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(ExitMonitorMetrics.class));
	}

	@Test
	void metricsAreNotAutoConfiguredWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ExitMonitor.class)
			.doesNotHaveBean(ExitMonitorMetrics.class));
	}

	@Test
	void metricsAreNotAutoConfiguredWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ExitMonitor.class)
				.doesNotHaveBean(ExitMonitorMetrics.class));
	}

	@Test
	void metricsAreNotAutoConfiguredWhenExitMonitorIsDisabled() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("exit-monitor.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExitMonitorMetrics.class));
	}

	@Test
	void metricsBackOffWhenUserProvidedMetricsArePresent() {
		ExitMonitor monitor = ExitMonitor.create("custom");
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withBean("customMetrics", ExitMonitorMetrics.class,
					() -> new ExitMonitorMetrics(monitor, WorkerGroup.create("custom", monitor)))
			.run((context) -> assertThat(context).hasSingleBean(ExitMonitorMetrics.class).hasBean("customMetrics"));
	}

}

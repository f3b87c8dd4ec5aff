package dev.exitmonitor.autoconfigure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.actuate.endpoint.ExitMonitorEndpoint;
import dev.exitmonitor.actuate.health.ExitMonitorHealthIndicator;
import dev.exitmonitor.actuate.metrics.ExitMonitorMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the endpoint, health and metrics auto-configurations are optional: each is configured only
 * when its library is on the class path, and none fails without it. The auto-configurations are imported
 * by name, as Spring Boot imports them, so that annotations of missing types are ignored as in an
 * application that lacks the library.
 */
class ExitMonitorActuatorOptionalDependenciesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(ImportedByName.class)
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("management.endpoints.web.exposure.include=exitmonitor")
		.withBean(ExitMonitorApplicationTerminator.class, () -> (reason) -> {
		});

	@Test
	void everythingIsConfiguredWithActuatorMicrometerAndSpringSecurity() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ExitMonitorEndpoint.class)
			.hasSingleBean(ExitMonitorHealthIndicator.class)
			.hasSingleBean(ExitMonitorMetrics.class));
	}

	@Test
	void everythingIsConfiguredWithoutSpringSecurity() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.run((context) -> assertThat(context).hasSingleBean(ExitMonitorEndpoint.class)
				.hasSingleBean(ExitMonitorHealthIndicator.class)
				.hasSingleBean(ExitMonitorMetrics.class));
	}

	@Test
	void onlyTheMetricsAreConfiguredWithoutActuator() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ExitMonitorEndpoint.class)
				.doesNotHaveBean(ExitMonitorHealthIndicator.class)
				.hasSingleBean(ExitMonitorMetrics.class));
	}

	@Test
	void endpointAndHealthAreConfiguredWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ExitMonitorEndpoint.class)
				.hasSingleBean(ExitMonitorHealthIndicator.class)
				.doesNotHaveBean(ExitMonitorMetrics.class));
	}

	@Test
	void onlyTheCoreBeansAreConfiguredWithoutActuatorMicrometerAndSpringSecurity() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health",
					"io.micrometer", "org.springframework.security"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ExitMonitor.class)
				.hasSingleBean(WorkerGroup.class)
				.doesNotHaveBean(ExitMonitorEndpoint.class)
				.doesNotHaveBean(ExitMonitorHealthIndicator.class)
				.doesNotHaveBean(ExitMonitorMetrics.class));
	}

	@ImportAutoConfiguration({ ExitMonitorAutoConfiguration.class, ExitMonitorEndpointAutoConfiguration.class,
			ExitMonitorHealthContributorAutoConfiguration.class, ExitMonitorMetricsAutoConfiguration.class })
	static class ImportedByName {

	}

}

package dev.exitmonitor.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.exitmonitor.actuate.health.ExitMonitorHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExitMonitorHealthContributorAutoConfiguration}.
 */
class ExitMonitorHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class,
				ExitMonitorHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, () -> (reason) -> {
		});

	@Test
	void contributesTheExitMonitorHealthIndicatorAsExitMonitor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ExitMonitorHealthIndicator.class).hasBean("exitMonitorHealthIndicator");
			assertThat(context.getBean(HealthContributorRegistry.class).getContributor("exitMonitor"))
				.isSameAs(context.getBean(ExitMonitorHealthIndicator.class));
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.contextRunner.withPropertyValues("management.health.exitmonitor.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExitMonitorHealthIndicator.class));
	}

	@Test
	void healthIndicatorIsDisabledWithTheDefaults() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExitMonitorHealthIndicator.class));
	}

	@Test
	void healthIndicatorBacksOffWhenUserProvidedIndicatorIsPresent() {
		this.contextRunner.withBean("exitMonitorHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(ExitMonitorHealthIndicator.class)
				.hasBean("exitMonitorHealthIndicator"));
	}

	@Test
	void healthIndicatorIsNotAutoConfiguredWhenExitMonitorIsDisabled() {
		this.contextRunner.withPropertyValues("exit-monitor.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExitMonitorHealthIndicator.class));
	}

	@Test
	void healthIndicatorIsNotAutoConfiguredWithoutSpringBootHealth() {
		// Imported by name, as Spring Boot imports auto-configurations: annotations of missing types are ignored.
		new ApplicationContextRunner().withUserConfiguration(ImportedByName.class)
			.withBean(ExitMonitorApplicationTerminator.class, () -> (reason) -> {
			})
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ExitMonitorHealthIndicator.class));
	}

	@ImportAutoConfiguration({ ExitMonitorAutoConfiguration.class, ExitMonitorHealthContributorAutoConfiguration.class })
	static class ImportedByName {

	}

}

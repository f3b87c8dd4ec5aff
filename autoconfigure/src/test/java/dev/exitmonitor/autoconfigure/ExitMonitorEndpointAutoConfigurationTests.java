package dev.exitmonitor.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.actuate.endpoint.ExitMonitorEndpoint;
import dev.exitmonitor.actuate.endpoint.ExitMonitorEndpointWebExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExitMonitorEndpointAutoConfiguration}.
 */
class ExitMonitorEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ExitMonitorAutoConfiguration.class, ExitMonitorEndpointAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, () -> (reason) -> {
		});

	@Test
	void endpointAndWebExtensionAreAutoConfiguredWhenExposedOverHttp() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=exitmonitor")
			.run((context) -> assertThat(context).hasSingleBean(ExitMonitorEndpoint.class)
				.hasSingleBean(ExitMonitorEndpointWebExtension.class));
	}

	@Test
	void endpointIsNotAutoConfiguredWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ExitMonitor.class)
			.doesNotHaveBean(ExitMonitorEndpoint.class)
			.doesNotHaveBean(ExitMonitorEndpointWebExtension.class));
	}

	@Test
	void endpointCanBeDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=exitmonitor",
					"management.endpoint.exitmonitor.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ExitMonitorEndpoint.class));
	}

	@Test
	void webExtensionIsNotAutoConfiguredWhenExposedOverJmxOnly() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=exitmonitor")
			.run((context) -> assertThat(context).hasSingleBean(ExitMonitorEndpoint.class)
				.doesNotHaveBean(ExitMonitorEndpointWebExtension.class));
	}

	@Test
	void endpointUsesTheShutdownTimeout() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=exitmonitor",
					"exit-monitor.shutdown.timeout=12s")
			.run((context) -> assertThat(context.getBean(ExitMonitorEndpoint.class).exitMonitor().getShutdownTimeout())
				.isEqualTo(Duration.ofSeconds(12)));
	}

	@Test
	void endpointBacksOffWhenUserProvidedEndpointIsPresent() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=exitmonitor")
			.withBean("customEndpoint", ExitMonitorEndpoint.class,
					() -> new ExitMonitorEndpoint(ExitMonitor.create("custom"),
							WorkerGroup.create("custom", ExitMonitor.create("custom")), Duration.ofSeconds(1)))
			.run((context) -> assertThat(context).hasSingleBean(ExitMonitorEndpoint.class)
				.hasBean("customEndpoint")
				.hasSingleBean(ExitMonitorEndpointWebExtension.class));
	}

	@Test
	void endpointIsNotAutoConfiguredWhenExitMonitorIsDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=exitmonitor", "exit-monitor.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExitMonitorEndpoint.class));
	}

	@Test
	void endpointReportsOnUserDefinedMonitorAndWorkersWhenExitMonitorIsDisabled() {
		ExitMonitor monitor = ExitMonitor.create("mine");
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=exitmonitor", "exit-monitor.enabled=false")
			.withBean(ExitMonitor.class, () -> monitor)
			.withBean(WorkerGroup.class, () -> WorkerGroup.create("mine", monitor))
			.run((context) -> {
				ExitMonitorEndpoint endpoint = context.getBean(ExitMonitorEndpoint.class);
				assertThat(endpoint.exitMonitor().getName()).isEqualTo("mine");
				assertThat(endpoint.exitMonitor().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
			});
	}

	@Test
	void endpointIsNotAutoConfiguredWithoutActuator() {
		// Imported by name, as Spring Boot imports auto-configurations: annotations of missing types are ignored.
		new ApplicationContextRunner().withUserConfiguration(ImportedByName.class)
			.withBean(ExitMonitorApplicationTerminator.class, () -> (reason) -> {
			})
			.withPropertyValues("management.endpoints.web.exposure.include=exitmonitor")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ExitMonitor.class)
				.doesNotHaveBean(ExitMonitorEndpoint.class));
	}

	@Test
	void endpointIsAutoConfiguredWithoutSpringSecurity() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=exitmonitor")
			.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.run((context) -> assertThat(context).hasSingleBean(ExitMonitorEndpoint.class)
				.hasSingleBean(ExitMonitorEndpointWebExtension.class));
	}

	@ImportAutoConfiguration({ ExitMonitorAutoConfiguration.class, ExitMonitorEndpointAutoConfiguration.class })
	static class ImportedByName {

	}

}

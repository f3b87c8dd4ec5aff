package dev.exitmonitor.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.actuate.endpoint.ExitMonitorEndpoint;
import dev.exitmonitor.actuate.endpoint.ExitMonitorEndpointWebExtension;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link ExitMonitorEndpoint}. Like every
 * Actuator endpoint it is available only once exposed
 * ({@code management.endpoints.web.exposure.include=exitmonitor}); its write operation can be turned off
 * with {@code management.endpoint.exitmonitor.access=read-only}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ExitMonitorAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(ExitMonitorEndpoint.class)
public final class ExitMonitorEndpointAutoConfiguration {

	@Bean
	@ConditionalOnBean({ ExitMonitor.class, WorkerGroup.class })
	@ConditionalOnMissingBean
	ExitMonitorEndpoint exitMonitorEndpoint(ExitMonitor monitor, WorkerGroup workers,
			ObjectProvider<ExitMonitorProperties> properties) {
		// The properties are missing when a user-defined monitor outlives exit-monitor.enabled=false.
		ExitMonitorProperties exitMonitorProperties = properties.getIfAvailable(ExitMonitorProperties::new);
		return new ExitMonitorEndpoint(monitor, workers, ExitMonitorSettings.shutdownTimeout(exitMonitorProperties));
	}

	@Bean
	@ConditionalOnBean(ExitMonitorEndpoint.class)
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	ExitMonitorEndpointWebExtension exitMonitorEndpointWebExtension(ExitMonitorEndpoint endpoint) {
		return new ExitMonitorEndpointWebExtension(endpoint);
	}

}

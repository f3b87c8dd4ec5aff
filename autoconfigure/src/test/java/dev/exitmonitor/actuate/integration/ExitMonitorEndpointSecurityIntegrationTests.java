package dev.exitmonitor.actuate.integration;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerState;
import dev.exitmonitor.actuate.endpoint.ExitMonitorEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of the documented Spring Security recipe for the {@code exitmonitor} endpoint: readers
 * may read, only operators may control workers, and anonymous callers may do neither.
 */
@SpringBootTest(classes = { ActuatorTestApplication.class, ExitMonitorEndpointSecurityIntegrationTests.Recipe.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { ActuatorTestApplication.EXPOSE, ActuatorTestApplication.NO_KEEP_ALIVE })
class ExitMonitorEndpointSecurityIntegrationTests {

	private static final String STOP = "{\"action\": \"stop\"}";

	@LocalServerPort
	private int port;

	@Autowired
	private WorkerGroup workers;

	@Test
	void anUnauthenticatedPostIsRefusedAndTheWorkerKeepsRunning() {
		HttpResponse<String> response = http().post("/actuator/exitmonitor/ticker", STOP);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.workers.worker("ticker").orElseThrow().state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void aPostByAReaderIsForbiddenAndTheWorkerKeepsRunning() {
		HttpResponse<String> response = http().as("reader", "reader-secret").post("/actuator/exitmonitor/ticker", STOP);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(this.workers.worker("ticker").orElseThrow().state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void aReaderCanReadTheEndpointAndOneWorker() {
		ActuatorHttp reader = http().as("reader", "reader-secret");
		HttpResponse<String> all = reader.get("/actuator/exitmonitor");
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(all.body()).read("$.phase", String.class)).isEqualTo("RUNNING");
		HttpResponse<String> one = reader.get("/actuator/exitmonitor/ticker");
		assertThat(one.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(one.body()).read("$.name", String.class)).isEqualTo("ticker");
	}

	@Test
	void anUnauthenticatedGetIsRefused() {
		assertThat(http().get("/actuator/exitmonitor").statusCode()).isEqualTo(401);
	}

	@Test
	void anOperatorCanControlAWorker() {
		ActuatorHttp operator = http().as("operator", "operator-secret");
		HttpResponse<String> paused = operator.post("/actuator/exitmonitor/controlled", "{\"action\": \"pause\"}");
		assertThat(paused.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(paused.body()).read("$.paused", Boolean.class)).isTrue();
		HttpResponse<String> resumed = operator.post("/actuator/exitmonitor/controlled", "{\"action\": \"resume\"}");
		assertThat(resumed.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(resumed.body()).read("$.paused", Boolean.class)).isFalse();
	}

	@Test
	void healthStaysPublic() {
		assertThat(http().get("/actuator/health").statusCode()).isNotIn(401, 403);
	}

	private ActuatorHttp http() {
		return new ActuatorHttp(this.port);
	}

	/**
	 * The recipe from the README: the endpoint is readable by READER and OPERATOR, its write operation by
	 * OPERATOR only, over HTTP basic authentication (without CSRF tokens, which scripts do not send).
	 */
	@Configuration(proxyBeanMethods = false)
	static class Recipe {

		@Bean
		SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http) throws Exception {
			http.securityMatcher(EndpointRequest.toAnyEndpoint());
			http.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to(ExitMonitorEndpoint.class).withHttpMethod(HttpMethod.GET))
				.hasAnyRole("READER", "OPERATOR")
				.requestMatchers(EndpointRequest.to(ExitMonitorEndpoint.class).withHttpMethod(HttpMethod.POST))
				.hasRole("OPERATOR")
				.requestMatchers(EndpointRequest.to("health"))
				.permitAll()
				.anyRequest()
				.hasRole("OPERATOR"));
			http.httpBasic(Customizer.withDefaults());
			http.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.to(ExitMonitorEndpoint.class)));
			return http.build();
		}

		@Bean
		InMemoryUserDetailsManager actuatorUsers() {
			return new InMemoryUserDetailsManager(
					User.withUsername("reader").password("{noop}reader-secret").roles("READER").build(),
					User.withUsername("operator").password("{noop}operator-secret").roles("OPERATOR").build());
		}

	}

}

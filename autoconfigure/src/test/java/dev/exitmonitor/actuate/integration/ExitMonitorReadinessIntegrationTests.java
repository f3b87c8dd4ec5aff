package dev.exitmonitor.actuate.integration;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of readiness and the {@code exitMonitor} health contributor once the exit began, over
 * real HTTP. An exit cannot be undone, so each test gets a context of its own.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { ActuatorTestApplication.EXPOSE, ActuatorTestApplication.SHOW_DETAILS,
				ActuatorTestApplication.NO_KEEP_ALIVE, ActuatorTestApplication.WITHOUT_SECURITY,
				"exit-monitor.shutdown.timeout=20s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class ExitMonitorReadinessIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ExitMonitor monitor;

	@Test
	void readinessGroupAndExitMonitorHealthAreOutOfServiceOnceTheExitBegan() {
		ActuatorHttp http = new ActuatorHttp(this.port);
		HttpResponse<String> ready = http.get("/actuator/health/readiness");
		assertThat(ready.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(ready.body()).read("$.status", String.class)).isEqualTo("UP");
		this.monitor.requestExit(ExitReason.requested("maintenance window"));
		HttpResponse<String> notReady = http.get("/actuator/health/readiness");
		assertThat(notReady.statusCode()).isEqualTo(503);
		assertThat(JsonPath.parse(notReady.body()).read("$.status", String.class)).isEqualTo("OUT_OF_SERVICE");
		HttpResponse<String> exitMonitorHealth = http.get("/actuator/health/exitMonitor");
		assertThat(exitMonitorHealth.statusCode()).isEqualTo(503);
		DocumentContext health = JsonPath.parse(exitMonitorHealth.body());
		assertThat(health.read("$.status", String.class)).isEqualTo("OUT_OF_SERVICE");
		assertThat(health.read("$.details.reason", String.class))
			.isEqualTo("REQUESTED (maintenance window, exit code 0)");
	}

	@Test
	void endpointShowsTheReasonDeadlineAndTimeRemainingOnceTheExitBegan() {
		this.monitor.requestExit(ExitReason.requested("maintenance window"));
		HttpResponse<String> response = new ActuatorHttp(this.port).get("/actuator/exitmonitor");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.exitRequested", Boolean.class)).isTrue();
		assertThat(json.read("$.phase", String.class)).isEqualTo("EARLY_EXIT_DONE");
		assertThat(json.read("$.reason.kind", String.class)).isEqualTo("REQUESTED");
		assertThat(json.read("$.reason.description", String.class)).isEqualTo("maintenance window");
		assertThat(json.read("$.reason.exitCode", Integer.class)).isZero();
		Instant requestedAt = Instant.parse(json.read("$.requestedAt", String.class));
		assertThat(requestedAt).isEqualTo(this.monitor.requestedAt().orElseThrow());
		assertThat(Instant.parse(json.read("$.deadline", String.class))).isEqualTo(requestedAt.plusSeconds(20));
		Duration timeRemaining = Duration.parse(json.read("$.timeRemaining", String.class));
		assertThat(timeRemaining).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
		assertThat(json.read("$.workers[?(@.name == 'ticker')].stopRequested", java.util.List.class))
			.containsExactly(true);
	}

}

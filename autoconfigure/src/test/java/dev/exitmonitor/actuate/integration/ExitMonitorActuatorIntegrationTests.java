package dev.exitmonitor.actuate.integration;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of the {@code exitmonitor} endpoint, the {@code exitMonitor} health contributor and
 * the metrics in a running web application, over real HTTP.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { ActuatorTestApplication.EXPOSE, ActuatorTestApplication.SHOW_DETAILS,
				ActuatorTestApplication.NO_KEEP_ALIVE, ActuatorTestApplication.QUICK_RESTART,
				ActuatorTestApplication.WITHOUT_SECURITY })
class ExitMonitorActuatorIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String ACTUATOR_JSON = "application/vnd.spring-boot.actuator.v3+json";

	@LocalServerPort
	private int port;

	@Autowired
	private WorkerGroup workers;

	@Autowired
	private MeterRegistry meterRegistry;

	private ActuatorHttp http;

	@BeforeEach
	void awaitWorkers() {
		this.http = new ActuatorHttp(this.port);
		Awaitility.await().atMost(WAIT).until(() -> worker("breaker").state() == WorkerState.FAILED);
		Awaitility.await().atMost(WAIT).until(() -> worker("flaky").snapshot().restarts() == 1);
	}

	@Test
	void readOperationDescribesTheExitStateAndEveryWorker() {
		HttpResponse<String> response = this.http.get("/actuator/exitmonitor");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith(ACTUATOR_JSON));
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.phase", String.class)).isEqualTo("RUNNING");
		assertThat(json.read("$.exitRequested", Boolean.class)).isFalse();
		assertThat(json.read("$.stragglerPolicy", String.class)).isEqualTo("ESCALATE");
		assertThat(json.read("$.finalPolicy", String.class)).isEqualTo("EXIT");
		assertThat(json.read("$.shutdownTimeout", String.class)).isEqualTo("PT20S");
		assertThat(json.read("$", Map.class)).doesNotContainKeys("reason", "requestedAt", "deadline", "timeRemaining",
				"shutdownReport");
		assertThat(json.read("$.workers[*].name", List.class)).containsExactlyInAnyOrder("ticker", "flaky", "breaker",
				"controlled");
		assertThat(json.read("$.workers[?(@.name == 'ticker')].state", List.class)).containsExactly("RUNNING");
		assertThat(json.read("$.workers[?(@.name == 'ticker')].style", List.class)).containsExactly("LOOP");
		assertThat(json.read("$.workers[?(@.name == 'ticker')].threads[0].name", List.class))
			.containsExactly("ticker-1");
		assertThat(json.read("$.workers[?(@.name == 'breaker')].state", List.class)).containsExactly("FAILED");
		assertThat(json.read("$.workers[?(@.name == 'breaker')].lastError.type", List.class))
			.containsExactly(IllegalStateException.class.getName());
		assertThat(json.read("$.workers[?(@.name == 'breaker')].lastError.message", List.class))
			.containsExactly("breaker is broken");
		List<String> failedAt = json.read("$.workers[?(@.name == 'breaker')].lastError.at", List.class);
		assertThat(Instant.parse(failedAt.get(0))).isBefore(Instant.now());
		assertThat(json.read("$.workers[?(@.name == 'flaky')].restarts", List.class)).containsExactly(1);
	}

	@Test
	void selectorReadsOneWorker() {
		HttpResponse<String> response = this.http.get("/actuator/exitmonitor/ticker");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.name", String.class)).isEqualTo("ticker");
		assertThat(json.read("$.state", String.class)).isEqualTo("RUNNING");
		assertThat(json.read("$.iterations", Long.class)).isPositive();
	}

	@Test
	void selectorAnswersAnUnknownWorkerWithNotFoundAndAMessage() {
		HttpResponse<String> response = this.http.get("/actuator/exitmonitor/nobody");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(JsonPath.parse(response.body()).read("$.message", String.class))
			.startsWith("No worker named 'nobody'. Known workers: [");
	}

	@Test
	void writeOperationStopsStartsAndRestartsAWorker() {
		HttpResponse<String> stopped = this.http.post("/actuator/exitmonitor/controlled", "{\"action\": \"stop\"}");
		assertThat(stopped.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(stopped.body()).read("$.stopRequested", Boolean.class)).isTrue();
		Awaitility.await().atMost(WAIT).until(() -> worker("controlled").state() == WorkerState.STOPPED);
		assertThat(JsonPath.parse(this.http.get("/actuator/exitmonitor/controlled").body()).read("$.state", String.class))
			.isEqualTo("STOPPED");
		HttpResponse<String> started = this.http.post("/actuator/exitmonitor/controlled", "{\"action\": \"start\"}");
		assertThat(started.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(started.body()).read("$.state", String.class)).isEqualTo("RUNNING");
		Instant startedAt = Instant.parse(JsonPath.parse(started.body()).read("$.startedAt", String.class));
		HttpResponse<String> restarted = this.http.post("/actuator/exitmonitor/controlled", "{\"action\": \"restart\"}");
		assertThat(restarted.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(restarted.body());
		assertThat(json.read("$.state", String.class)).isEqualTo("RUNNING");
		assertThat(Instant.parse(json.read("$.startedAt", String.class))).isAfter(startedAt);
		assertThat(worker("controlled").state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void writeOperationPausesAndResumesALoopWorker() {
		HttpResponse<String> paused = this.http.post("/actuator/exitmonitor/controlled", "{\"action\": \"pause\"}");
		assertThat(JsonPath.parse(paused.body()).read("$.paused", Boolean.class)).isTrue();
		HttpResponse<String> resumed = this.http.post("/actuator/exitmonitor/controlled", "{\"action\": \"resume\"}");
		assertThat(JsonPath.parse(resumed.body()).read("$.paused", Boolean.class)).isFalse();
	}

	@Test
	void writeOperationAnswersAnUnknownActionWithBadRequestListingTheValidOnes() {
		HttpResponse<String> response = this.http.post("/actuator/exitmonitor/controlled", "{\"action\": \"explode\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.message", String.class)).isEqualTo(
				"Unknown action 'explode' for worker 'controlled'. Valid actions are: stop, start, restart, pause, "
						+ "resume, interrupt");
		assertThat(json.read("$.validActions", List.class)).containsExactly("stop", "start", "restart", "pause",
				"resume", "interrupt");
	}

	@Test
	void writeOperationAnswersAMissingActionWithBadRequest() {
		assertThat(this.http.post("/actuator/exitmonitor/controlled", "{}").statusCode()).isEqualTo(400);
	}

	@Test
	void writeOperationAnswersAnUnknownWorkerWithNotFound() {
		HttpResponse<String> response = this.http.post("/actuator/exitmonitor/nobody", "{\"action\": \"stop\"}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(JsonPath.parse(response.body()).read("$.message", String.class)).startsWith("No worker named 'nobody'");
	}

	@Test
	void writeOperationAnswersAnImpossibleActionWithConflict() {
		HttpResponse<String> response = this.http.post("/actuator/exitmonitor/ticker", "{\"action\": \"start\"}");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(JsonPath.parse(response.body()).read("$.message", String.class))
			.isEqualTo("Expected worker 'ticker' to be NEW, STOPPED or FAILED to start it, but was RUNNING");
	}

	@Test
	void healthIsDownWhileAWorkerIsFailedButTheApplicationStaysReady() {
		HttpResponse<String> health = this.http.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(503);
		DocumentContext json = JsonPath.parse(health.body());
		assertThat(json.read("$.status", String.class)).isEqualTo("DOWN");
		assertThat(json.read("$.components.exitMonitor.status", String.class)).isEqualTo("DOWN");
		assertThat(json.read("$.components.exitMonitor.details.phase", String.class)).isEqualTo("RUNNING");
		assertThat(json.read("$.components.exitMonitor.details.workers.FAILED", List.class)).containsExactly("breaker");
		assertThat(json.read("$.components.exitMonitor.details.workers.RUNNING", List.class)).contains("ticker",
				"flaky");
		HttpResponse<String> readiness = this.http.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(readiness.body()).read("$.status", String.class)).isEqualTo("UP");
	}

	@Test
	void metricsCountIterationsFailuresAndRestarts() {
		Awaitility.await().atMost(WAIT).until(() -> counter("exitmonitor.worker.iterations", "ticker") >= 3);
		assertThat(counter("exitmonitor.worker.failures", "flaky")).isEqualTo(1);
		assertThat(counter("exitmonitor.worker.restarts", "flaky")).isEqualTo(1);
		assertThat(counter("exitmonitor.worker.failures", "breaker")).isEqualTo(1);
		assertThat(counter("exitmonitor.worker.failures", "ticker")).isZero();
		assertThat(this.meterRegistry.get("exitmonitor.workers").tag("state", "failed").gauge().value()).isOne();
		HttpResponse<String> response = this.http.get("/actuator/metrics/exitmonitor.worker.failures?tag=worker:flaky");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(response.body()).read("$.measurements[0].value", Double.class)).isEqualTo(1.0);
		HttpResponse<String> names = this.http.get("/actuator/metrics");
		assertThat(JsonPath.parse(names.body()).read("$.names", List.class)).contains("exitmonitor.workers",
				"exitmonitor.worker.iterations", "exitmonitor.worker.failures", "exitmonitor.worker.restarts",
				"exitmonitor.stragglers");
	}

	private double counter(String name, String worker) {
		return this.meterRegistry.get(name).tag("worker", worker).functionCounter().count();
	}

	private WorkerHandle worker(String name) {
		return this.workers.worker(name).orElseThrow();
	}

}

package dev.exitmonitor.actuate.integration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.exitmonitor.WorkerGroup;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration test of {@code management.endpoint.exitmonitor.access=read-only}, as the README documents it: the
 * endpoint still reads over HTTP, and its write operation is not mapped, so a POST is refused and changes nothing.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { ActuatorTestApplication.EXPOSE, ActuatorTestApplication.NO_KEEP_ALIVE,
				ActuatorTestApplication.WITHOUT_SECURITY, "management.endpoint.exitmonitor.access=read-only" })
class ExitMonitorEndpointReadOnlyIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private WorkerGroup workers;

	@Test
	void readsButRefusesTheWriteOperationWithMethodNotAllowed() {
		ActuatorHttp http = new ActuatorHttp(this.port);
		assertThat(http.get("/actuator/exitmonitor").statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/exitmonitor/controlled").statusCode()).isEqualTo(200);

		assertThat(http.post("/actuator/exitmonitor/controlled", "{\"action\": \"stop\"}").statusCode()).isEqualTo(405);
		assertThat(this.workers.worker("controlled").orElseThrow().snapshot().stopRequested()).isFalse();
	}

}

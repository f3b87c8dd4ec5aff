package dev.exitmonitor.actuate.endpoint;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerState;
import dev.exitmonitor.actuate.endpoint.ExitMonitorEndpointWebExtension.MessageDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExitMonitorEndpointWebExtension}.
 */
class ExitMonitorEndpointWebExtensionTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ExitMonitor monitor = ExitMonitor.create("web-extension-tests");

	private final WorkerGroup workers = WorkerGroup.create("web-extension-tests", this.monitor);

	private final ExitMonitorEndpointWebExtension extension = new ExitMonitorEndpointWebExtension(
			new ExitMonitorEndpoint(this.monitor, this.workers, WAIT));

	@BeforeEach
	void startWorkers() {
		this.workers.add(WorkerDefinition.loop("ticker", (context) -> {
		}).delay(Duration.ofMillis(10)).build());
		this.workers.add(WorkerDefinition.loop("idle", (context) -> {
		}).autoStartup(false).build());
		this.workers.start();
	}

	@AfterEach
	void completeExit() throws InterruptedException {
		this.monitor.completeExit(WAIT);
	}

	@Test
	void describesAKnownWorker() {
		WebEndpointResponse<OperationResponseBody> response = this.extension.worker("ticker");
		assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
		assertThat(response.getBody()).isInstanceOfSatisfying(WorkerDescriptor.class,
				(worker) -> assertThat(worker.getState()).isEqualTo(WorkerState.RUNNING));
	}

	@Test
	void answersAnUnknownWorkerWithNotFoundAndTheKnownWorkers() {
		WebEndpointResponse<OperationResponseBody> response = this.extension.worker("nobody");
		assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
		assertThat(message(response)).isEqualTo("No worker named 'nobody'. Known workers: [ticker, idle]");
	}

	@Test
	void answersAControlOfAnUnknownWorkerWithNotFound() {
		WebEndpointResponse<OperationResponseBody> response = this.extension.controlWorker("nobody", "stop");
		assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
		assertThat(message(response)).isEqualTo("No worker named 'nobody'. Known workers: [ticker, idle]");
	}

	@Test
	void answersAnUnknownActionForAnUnknownWorkerWithNotFound() {
		WebEndpointResponse<OperationResponseBody> response = this.extension.controlWorker("nobody", "explode");
		assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
		assertThat(message(response)).isEqualTo("No worker named 'nobody'. Known workers: [ticker, idle]");
	}

	@Test
	void answersAnUnknownActionWithBadRequestListingTheValidActions() {
		WebEndpointResponse<OperationResponseBody> response = this.extension.controlWorker("ticker", "explode");
		assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_BAD_REQUEST);
		assertThat(response.getBody()).isInstanceOfSatisfying(MessageDescriptor.class, (body) -> {
			assertThat(body.getMessage()).isEqualTo("Unknown action 'explode' for worker 'ticker'. Valid actions are: "
					+ "stop, start, restart, pause, resume, interrupt");
			assertThat(body.getValidActions()).containsExactly("stop", "start", "restart", "pause", "resume",
					"interrupt");
		});
	}

	@Test
	void answersAnActionTheWorkerCannotDoWithConflict() {
		WebEndpointResponse<OperationResponseBody> response = this.extension.controlWorker("ticker", "start");
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(message(response))
			.isEqualTo("Expected worker 'ticker' to be NEW, STOPPED or FAILED to start it, but was RUNNING");
	}

	@Test
	void answersAnActionWithTheWorkerDescription() {
		WebEndpointResponse<OperationResponseBody> response = this.extension.controlWorker("idle", "start");
		assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
		assertThat(response.getBody()).isInstanceOfSatisfying(WorkerDescriptor.class,
				(worker) -> assertThat(worker.getState()).isEqualTo(WorkerState.RUNNING));
	}

	private static String message(WebEndpointResponse<OperationResponseBody> response) {
		assertThat(response.getBody()).isInstanceOf(MessageDescriptor.class);
		return ((MessageDescriptor) response.getBody()).getMessage();
	}

}

package dev.exitmonitor.actuate.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitPhase;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExitMonitorHealthIndicator}.
 */
class ExitMonitorHealthIndicatorTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ExitMonitor monitor = ExitMonitor.create("health-tests");

	private final WorkerGroup workers = WorkerGroup.create("health-tests", this.monitor);

	private final ExitMonitorHealthIndicator indicator = new ExitMonitorHealthIndicator(this.monitor, this.workers);

	@AfterEach
	void completeExit() throws InterruptedException {
		this.monitor.completeExit(WAIT);
	}

	@Test
	void isUpWhileRunningAndListsWorkersByState() {
		addTicker("ticker", true);
		addTicker("spare", false);
		this.workers.start();
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("phase", ExitPhase.RUNNING)
			.doesNotContainKey("reason")
			.containsEntry("workers", Map.of(WorkerState.NEW, List.of("spare"), WorkerState.RUNNING, List.of("ticker")));
	}

	@Test
	void isUpWithoutWorkers() {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("workers", Map.of());
	}

	@Test
	void isDownWhileAWorkerIsFailed() {
		addTicker("ticker", true);
		WorkerHandle broken = this.workers.add(WorkerDefinition.loop("broken", (context) -> {
			throw new IllegalStateException("broken");
		}).failurePolicy(FailurePolicy.STOP_WORKER).build());
		this.workers.start();
		Awaitility.await().atMost(WAIT).until(() -> broken.state() == WorkerState.FAILED);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("workers",
				Map.of(WorkerState.RUNNING, List.of("ticker"), WorkerState.FAILED, List.of("broken")));
	}

	@Test
	void isOutOfServiceOnceTheExitBegan() {
		addTicker("ticker", true);
		this.workers.start();
		this.monitor.requestExit(ExitReason.requested("maintenance"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("phase", ExitPhase.EARLY_EXIT_DONE)
			.containsEntry("reason", "REQUESTED (maintenance, exit code 0)");
	}

	@Test
	void exitTakesPrecedenceOverAFailedWorker() {
		WorkerHandle broken = this.workers.add(WorkerDefinition.loop("broken", (context) -> {
			throw new IllegalStateException("broken");
		}).failurePolicy(FailurePolicy.STOP_WORKER).build());
		this.workers.start();
		Awaitility.await().atMost(WAIT).until(() -> broken.state() == WorkerState.FAILED);
		this.monitor.requestExit(ExitReason.requested("maintenance"));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	private void addTicker(String name, boolean autoStartup) {
		this.workers.add(WorkerDefinition.loop(name, (context) -> {
		}).delay(Duration.ofMillis(10)).autoStartup(autoStartup).build());
	}

}

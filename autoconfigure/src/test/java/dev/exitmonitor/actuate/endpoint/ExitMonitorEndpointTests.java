package dev.exitmonitor.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import dev.exitmonitor.Backoff;
import dev.exitmonitor.CriticalSection;
import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitPhase;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.StragglerPolicy;
import dev.exitmonitor.StragglerSettings;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerState;
import dev.exitmonitor.actuate.endpoint.ExitMonitorEndpoint.ExitMonitorDescriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ExitMonitorEndpoint}.
 */
class ExitMonitorEndpointTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private final ExitMonitor monitor = ExitMonitor.create("endpoint-tests");

	private final WorkerGroup workers = WorkerGroup.create("endpoint-tests", this.monitor);

	private final ExitMonitorEndpoint endpoint = new ExitMonitorEndpoint(this.monitor, this.workers, SHUTDOWN_TIMEOUT);

	@AfterEach
	void completeExit() throws InterruptedException {
		this.monitor.completeExit(WAIT);
	}

	@Test
	void describesThePhasePoliciesAndWorkersWhileRunning() {
		startTickerAndIdleWorkers();
		ExitMonitorDescriptor descriptor = this.endpoint.exitMonitor();
		assertThat(descriptor.getName()).isEqualTo("endpoint-tests");
		assertThat(descriptor.getPhase()).isEqualTo(ExitPhase.RUNNING);
		assertThat(descriptor.isExitRequested()).isFalse();
		assertThat(descriptor.getReason()).isNull();
		assertThat(descriptor.getRequestedAt()).isNull();
		assertThat(descriptor.getDeadline()).isNull();
		assertThat(descriptor.getTimeRemaining()).isNull();
		assertThat(descriptor.getShutdownTimeout()).isEqualTo(SHUTDOWN_TIMEOUT);
		assertThat(descriptor.getStragglerPolicy()).isEqualTo(StragglerPolicy.ESCALATE);
		assertThat(descriptor.getFinalPolicy()).isEqualTo(StragglerPolicy.EXIT);
		assertThat(descriptor.getShutdownReport()).isNull();
		assertThat(descriptor.getWorkers()).extracting(WorkerDescriptor::getName).containsExactly("ticker", "idle");
		WorkerDescriptor ticker = descriptor.getWorkers().get(0);
		assertThat(ticker.getStyle()).isEqualTo(WorkerDefinition.Style.LOOP);
		assertThat(ticker.getState()).isEqualTo(WorkerState.RUNNING);
		assertThat(ticker.getStartedAt()).isNotNull();
		assertThat(ticker.getStoppedAt()).isNull();
		assertThat(ticker.getThreads()).singleElement().satisfies((thread) -> {
			assertThat(thread.getName()).isEqualTo("ticker-1");
			assertThat(thread.getInCriticalSince()).isNull();
			assertThat(thread.getStackTrace()).isNull();
		});
		WorkerDescriptor idle = descriptor.getWorkers().get(1);
		assertThat(idle.getState()).isEqualTo(WorkerState.NEW);
		assertThat(idle.getThreads()).isEmpty();
		assertThat(idle.getStartedAt()).isNull();
	}

	@Test
	void countsIterationsFailuresAndRestartsAndDescribesTheLastError() {
		AtomicBoolean failed = new AtomicBoolean();
		this.workers.add(WorkerDefinition.loop("flaky", (context) -> {
			if (failed.compareAndSet(false, true)) {
				throw new IllegalArgumentException("first iteration fails");
			}
		}).delay(Duration.ofMillis(5)).backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(10), 1, 0)).build());
		this.workers.start();
		Awaitility.await().atMost(WAIT).until(() -> this.endpoint.worker("flaky").getIterations() >= 3);
		WorkerDescriptor flaky = this.endpoint.worker("flaky");
		assertThat(flaky.getFailures()).isEqualTo(1);
		assertThat(flaky.getRestarts()).isEqualTo(1);
		assertThat(flaky.getLastError()).isNotNull().satisfies((error) -> {
			assertThat(error.getType()).isEqualTo(IllegalArgumentException.class.getName());
			assertThat(error.getMessage()).isEqualTo("first iteration fails");
			assertThat(error.getAt()).isBeforeOrEqualTo(Instant.now());
		});
	}

	@Test
	void describesTheReasonDeadlineAndTimeRemainingOnceTheExitBegan() {
		startTickerAndIdleWorkers();
		this.monitor.requestExit(ExitReason.requested("maintenance"));
		ExitMonitorDescriptor descriptor = this.endpoint.exitMonitor();
		assertThat(descriptor.getPhase()).isEqualTo(ExitPhase.EARLY_EXIT_DONE);
		assertThat(descriptor.isExitRequested()).isTrue();
		assertThat(descriptor.getReason()).isNotNull().satisfies((reason) -> {
			assertThat(reason.getKind()).isEqualTo(ExitReason.Kind.REQUESTED);
			assertThat(reason.getDescription()).isEqualTo("maintenance");
			assertThat(reason.getExitCode()).isZero();
		});
		Instant requestedAt = this.monitor.requestedAt().orElseThrow();
		assertThat(descriptor.getRequestedAt()).isEqualTo(requestedAt);
		assertThat(descriptor.getDeadline()).isEqualTo(requestedAt.plus(SHUTDOWN_TIMEOUT));
		assertThat(descriptor.getTimeRemaining()).isPositive().isLessThanOrEqualTo(SHUTDOWN_TIMEOUT);
	}

	@Test
	void timeRemainingIsZeroOnceTheDeadlinePassed() {
		ExitMonitorEndpoint shortTimeout = new ExitMonitorEndpoint(this.monitor, this.workers, Duration.ofMillis(1));
		this.monitor.requestExit(ExitReason.requested("maintenance"));
		Awaitility.await()
			.atMost(WAIT)
			.until(() -> Instant.now().isAfter(this.monitor.requestedAt().orElseThrow().plusMillis(1)));
		assertThat(shortTimeout.exitMonitor().getTimeRemaining()).isZero();
	}

	@Test
	void describesTheShutdownReportOnceTheLatePhaseJoinedTheWorkers() throws InterruptedException {
		startTickerAndIdleWorkers();
		this.monitor.completeExit(WAIT);
		ExitMonitorDescriptor descriptor = this.endpoint.exitMonitor();
		assertThat(descriptor.getPhase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
		assertThat(descriptor.getShutdownReport()).isNotNull().satisfies((report) -> {
			assertThat(report.isAllStopped()).isTrue();
			assertThat(report.getAppliedPolicy()).isNull();
			assertThat(report.getStragglers()).isEmpty();
			assertThat(report.getUnstoppedParticipants()).isEmpty();
			assertThat(report.getDuration()).isLessThan(WAIT);
		});
		assertThat(descriptor.getWorkers().get(0).getState()).isEqualTo(WorkerState.STOPPED);
		assertThat(descriptor.getWorkers().get(0).getStoppedAt()).isNotNull();
	}

	@Test
	void describesTheStackTracesOfStragglers() throws InterruptedException {
		this.monitor.setStragglerSettings(StragglerSettings.defaults().withPolicy(StragglerPolicy.EXIT));
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch entered = new CountDownLatch(1);
		this.workers.add(WorkerDefinition.longRunning("stubborn", (context) -> {
			try (CriticalSection section = Exit.critical()) {
				entered.countDown();
				release.await();
			}
		}).build());
		this.workers.start();
		entered.await();
		try {
			this.monitor.completeExit(Duration.ofMillis(50));
			ExitMonitorDescriptor descriptor = this.endpoint.exitMonitor();
			WorkerDescriptor stubborn = descriptor.getWorkers().get(0);
			assertThat(stubborn.getState()).isEqualTo(WorkerState.STRAGGLING);
			assertThat(stubborn.getThreads()).singleElement().satisfies((thread) -> {
				assertThat(thread.getInCriticalSince()).isNotNull();
				assertThat(thread.getStackTrace()).anySatisfy((line) -> assertThat(line).contains("CountDownLatch.await"));
			});
			assertThat(descriptor.getShutdownReport()).isNotNull().satisfies((report) -> {
				assertThat(report.isAllStopped()).isFalse();
				assertThat(report.getAppliedPolicy()).isEqualTo(StragglerPolicy.EXIT);
				assertThat(report.getUnstoppedParticipants()).containsExactly("worker group 'endpoint-tests'");
				assertThat(report.getStragglers()).singleElement().satisfies((straggler) -> {
					assertThat(straggler.getWorker()).isEqualTo("stubborn");
					assertThat(straggler.getThread()).isEqualTo("stubborn-1");
					assertThat(straggler.getCriticalSince()).isNotNull();
					assertThat(straggler.getPastDeadline()).isGreaterThanOrEqualTo(Duration.ZERO);
					assertThat(straggler.getStackTrace()).anySatisfy((line) -> assertThat(line).contains("CountDownLatch.await"));
				});
			});
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void selectorDescribesOneWorker() {
		startTickerAndIdleWorkers();
		assertThat(this.endpoint.worker("idle")).isNotNull()
			.satisfies((idle) -> assertThat(idle.getState()).isEqualTo(WorkerState.NEW));
	}

	@Test
	void selectorReturnsNullForAnUnknownWorker() {
		startTickerAndIdleWorkers();
		assertThat(this.endpoint.worker("nobody")).isNull();
	}

	@Test
	void stopsAndStartsAWorker() {
		startTickerAndIdleWorkers();
		WorkerDescriptor stopping = this.endpoint.controlWorker("ticker", "stop");
		assertThat(stopping.isStopRequested()).isTrue();
		Awaitility.await().atMost(WAIT).until(() -> this.endpoint.worker("ticker").getState() == WorkerState.STOPPED);
		WorkerDescriptor started = this.endpoint.controlWorker("ticker", "start");
		assertThat(started.getState()).isEqualTo(WorkerState.RUNNING);
		assertThat(started.isStopRequested()).isFalse();
		assertThat(this.monitor.isExitRequested()).isFalse();
	}

	@Test
	void restartsARunningWorker() {
		startTickerAndIdleWorkers();
		Instant firstStart = this.endpoint.worker("ticker").getStartedAt();
		WorkerDescriptor restarted = this.endpoint.controlWorker("ticker", "restart");
		assertThat(restarted.getState()).isEqualTo(WorkerState.RUNNING);
		assertThat(restarted.getStartedAt()).isAfter(firstStart);
		assertThat(restarted.getStoppedAt()).isNull();
	}

	@Test
	void pausesAndResumesALoopWorker() {
		startTickerAndIdleWorkers();
		assertThat(this.endpoint.controlWorker("ticker", "pause").isPaused()).isTrue();
		assertThat(this.endpoint.controlWorker("ticker", "resume").isPaused()).isFalse();
	}

	@Test
	void interruptsAWorker() {
		startTickerAndIdleWorkers();
		assertThat(this.endpoint.controlWorker("ticker", "INTERRUPT").isStopRequested()).isTrue();
		Awaitility.await().atMost(WAIT).until(() -> this.endpoint.worker("ticker").getState() == WorkerState.STOPPED);
	}

	@Test
	void controlReturnsNullForAnUnknownWorker() {
		assertThat(this.endpoint.controlWorker("nobody", "stop")).isNull();
	}

	@Test
	void anUnknownActionIsAnInvalidRequestListingTheValidActions() {
		startTickerAndIdleWorkers();
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.controlWorker("ticker", "explode"))
			.withMessage("Unknown action 'explode' for worker 'ticker'. Valid actions are: stop, start, restart, "
					+ "pause, resume, interrupt");
	}

	@Test
	void startingARunningWorkerFailsWithItsState() {
		startTickerAndIdleWorkers();
		assertThatIllegalStateException().isThrownBy(() -> this.endpoint.controlWorker("ticker", "start"))
			.withMessage("Expected worker 'ticker' to be NEW, STOPPED or FAILED to start it, but was RUNNING");
	}

	@Test
	void pausingAWorkerThatIsNotALoopFails() {
		this.workers.add(WorkerDefinition.longRunning("reader", (context) -> Exit.sleep(WAIT)).build());
		this.workers.start();
		assertThatIllegalStateException().isThrownBy(() -> this.endpoint.controlWorker("reader", "pause"))
			.withMessageContaining("only LOOP workers can be paused");
	}

	@Test
	void restartGivesUpWhenTheWorkerDoesNotStopInTime() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch entered = new CountDownLatch(1);
		this.workers.add(WorkerDefinition.longRunning("stubborn", (context) -> {
			try (CriticalSection section = Exit.critical()) {
				entered.countDown();
				release.await();
			}
		}).build());
		this.workers.start();
		entered.await();
		ExitMonitorEndpoint impatient = new ExitMonitorEndpoint(this.monitor, this.workers, Duration.ofMillis(20));
		try {
			assertThatIllegalStateException().isThrownBy(() -> impatient.controlWorker("stubborn", "restart"))
				.withMessage("Worker 'stubborn' did not stop within 20ms (state STOPPING), so it was not started again");
		}
		finally {
			release.countDown();
		}
	}

	private void startTickerAndIdleWorkers() {
		this.workers.add(WorkerDefinition.loop("ticker", (context) -> {
		}).delay(Duration.ofMillis(10)).build());
		this.workers.add(WorkerDefinition.loop("idle", (context) -> {
		}).autoStartup(false).failurePolicy(FailurePolicy.STOP_WORKER).build());
		this.workers.start();
	}

}

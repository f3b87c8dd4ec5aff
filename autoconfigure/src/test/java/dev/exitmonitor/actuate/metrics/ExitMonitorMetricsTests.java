package dev.exitmonitor.actuate.metrics;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.Backoff;
import dev.exitmonitor.CriticalSection;
import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.StragglerPolicy;
import dev.exitmonitor.StragglerSettings;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExitMonitorMetrics}.
 */
class ExitMonitorMetricsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ExitMonitor monitor = ExitMonitor.create("metrics-tests");

	private final WorkerGroup workers = WorkerGroup.create("metrics-tests", this.monitor);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@AfterEach
	void completeExit() throws InterruptedException {
		this.monitor.completeExit(WAIT);
	}

	@Test
	void countsWorkersByState() {
		addWorkers();
		this.workers.start();
		new ExitMonitorMetrics(this.monitor, this.workers).bindTo(this.registry);
		assertThat(this.registry.find("exitmonitor.workers").gauges()).extracting((gauge) -> gauge.getId().getTag("state"))
			.containsExactlyInAnyOrder("new", "starting", "running", "stopping", "straggling", "stopped", "failed");
		assertThat(workersIn("running")).isEqualTo(2);
		assertThat(workersIn("new")).isEqualTo(1);
		assertThat(workersIn("failed")).isZero();
		this.workers.worker("ticker").orElseThrow().stop();
		Awaitility.await().atMost(WAIT).until(() -> workersIn("stopped") == 1);
		assertThat(workersIn("running")).isEqualTo(1);
	}

	@Test
	void countsIterationsFailuresAndRestartsPerWorker() {
		addWorkers();
		this.workers.start();
		new ExitMonitorMetrics(this.monitor, this.workers).bindTo(this.registry);
		Awaitility.await().atMost(WAIT).until(() -> workerCount("exitmonitor.worker.iterations", "flaky") >= 3);
		assertThat(workerCount("exitmonitor.worker.failures", "flaky")).isEqualTo(1);
		assertThat(workerCount("exitmonitor.worker.restarts", "flaky")).isEqualTo(1);
		assertThat(workerCount("exitmonitor.worker.iterations", "ticker")).isPositive();
		assertThat(workerCount("exitmonitor.worker.failures", "ticker")).isZero();
		assertThat(workerCount("exitmonitor.worker.iterations", "spare")).isZero();
	}

	@Test
	void recordsTheShutdownDurationsAndTheWorkerStopTimesWhenTheLatePhaseEnds() throws InterruptedException {
		addWorkers();
		this.workers.start();
		new ExitMonitorMetrics(this.monitor, this.workers).bindTo(this.registry);
		assertThat(this.registry.find("exitmonitor.shutdown.duration").timers()).isEmpty();
		this.monitor.completeExit(WAIT);
		Timer late = this.registry.get("exitmonitor.shutdown.duration").tag("phase", "late").timer();
		Timer total = this.registry.get("exitmonitor.shutdown.duration").tag("phase", "total").timer();
		assertThat(late.count()).isOne();
		assertThat(total.count()).isOne();
		assertThat(total.totalTime(TimeUnit.NANOSECONDS))
			.isGreaterThanOrEqualTo(late.totalTime(TimeUnit.NANOSECONDS));
		assertThat(this.registry.get("exitmonitor.stragglers").counter().count()).isZero();
		assertThat(this.registry.find("exitmonitor.worker.stop.duration").timers())
			.extracting((timer) -> timer.getId().getTag("worker"))
			.containsExactlyInAnyOrder("ticker", "flaky");
	}

	@Test
	void countsStragglers() throws InterruptedException {
		this.monitor.setStragglerSettings(StragglerSettings.defaults().withPolicy(StragglerPolicy.EXIT));
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.workers.add(WorkerDefinition.longRunning("stubborn", (context) -> {
			try (CriticalSection section = Exit.critical()) {
				entered.countDown();
				release.await();
			}
		}).build());
		this.workers.start();
		entered.await();
		new ExitMonitorMetrics(this.monitor, this.workers).bindTo(this.registry);
		try {
			this.monitor.completeExit(Duration.ofMillis(50));
			assertThat(this.registry.get("exitmonitor.stragglers").counter().count()).isOne();
			assertThat(workersIn("straggling")).isOne();
			assertThat(this.registry.find("exitmonitor.worker.stop.duration").timers()).isEmpty();
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void addsTheGivenTagsToEveryMeter() throws InterruptedException {
		addWorkers();
		this.workers.start();
		new ExitMonitorMetrics(this.monitor, this.workers, Tags.of("app", "billing")).bindTo(this.registry);
		this.monitor.completeExit(WAIT);
		assertThat(this.registry.getMeters()).isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("app")).isEqualTo("billing"));
	}

	@Test
	void bindingAfterTheExitCompletedRegistersTheWorkerMetersOnly() throws InterruptedException {
		addWorkers();
		this.workers.start();
		this.monitor.completeExit(WAIT);
		new ExitMonitorMetrics(this.monitor, this.workers).bindTo(this.registry);
		assertThat(workersIn("stopped")).isEqualTo(2);
		assertThat(this.registry.find("exitmonitor.shutdown.duration").timers()).isEmpty();
	}

	private void addWorkers() {
		this.workers.add(WorkerDefinition.loop("ticker", (context) -> {
		}).delay(Duration.ofMillis(5)).build());
		AtomicBoolean failed = new AtomicBoolean();
		this.workers.add(WorkerDefinition.loop("flaky", (context) -> {
			if (failed.compareAndSet(false, true)) {
				throw new IllegalArgumentException("first iteration fails");
			}
		}).delay(Duration.ofMillis(5)).backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(10), 1, 0)).build());
		this.workers.add(WorkerDefinition.loop("spare", (context) -> {
		}).autoStartup(false).build());
	}

	private double workersIn(String state) {
		return this.registry.get("exitmonitor.workers").tag("state", state).gauge().value();
	}

	private double workerCount(String name, String worker) {
		FunctionCounter counter = this.registry.get(name).tag("worker", worker).functionCounter();
		return counter.count();
	}

}

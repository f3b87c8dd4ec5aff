package dev.exitmonitor.actuate.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.ThreadExit;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ObservedWorker}.
 */
class ObservedWorkerTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ExitMonitor monitor = ExitMonitor.create("observed-worker-tests");

	private final WorkerGroup workers = WorkerGroup.create("observed-worker-tests", this.monitor);

	private final RecordingHandler handler = new RecordingHandler();

	private final ObservationRegistry registry = ObservationRegistry.create();

	ObservedWorkerTests() {
		this.registry.observationConfig().observationHandler(this.handler);
	}

	@AfterEach
	void completeExit() throws InterruptedException {
		this.monitor.completeExit(WAIT);
	}

	@Test
	void observesEveryIterationOfALoopWorkerWithTheWorkerName() {
		AtomicInteger calls = new AtomicInteger();
		this.workers.add(WorkerDefinition.loop("poller", ObservedWorker.of((context) -> {
			calls.incrementAndGet();
			assertThat(this.registry.getCurrentObservation()).isNotNull();
		}, this.registry)).delay(Duration.ofMillis(5)).build());
		this.workers.start();
		Awaitility.await().atMost(WAIT).until(() -> this.handler.stopped.size() >= 3);
		Observation.Context context = this.handler.stopped.get(0);
		assertThat(context.getName()).isEqualTo(ObservedWorker.OBSERVATION_NAME).isEqualTo("exitmonitor.worker.iteration");
		assertThat(context.getContextualName()).isEqualTo("poller iteration");
		assertThat(context.getLowCardinalityKeyValue("worker")).isEqualTo(KeyValue.of("worker", "poller"));
		assertThat(context.getError()).isNull();
		assertThat(calls.get()).isGreaterThanOrEqualTo(this.handler.stopped.size());
	}

	@Test
	void recordsAFailureAsTheObservationError() {
		WorkerHandle broken = this.workers.add(WorkerDefinition.loop("broken", ObservedWorker.of((context) -> {
			throw new IllegalStateException("broken");
		}, this.registry)).failurePolicy(FailurePolicy.STOP_WORKER).build());
		this.workers.start();
		Awaitility.await().atMost(WAIT).until(() -> broken.state() == WorkerState.FAILED);
		assertThat(this.handler.stopped).singleElement()
			.satisfies((context) -> assertThat(context.getError()).isInstanceOf(IllegalStateException.class)
				.hasMessage("broken"));
	}

	@Test
	void aStopIsNotAnObservationError() {
		WorkerHandle stopping = this.workers.add(WorkerDefinition.loop("stopping", ObservedWorker.of((context) -> {
			throw new ThreadExit("asked to stop");
		}, this.registry)).build());
		this.workers.start();
		Awaitility.await().atMost(WAIT).until(() -> stopping.state() == WorkerState.STOPPED);
		assertThat(this.handler.stopped).singleElement()
			.satisfies((context) -> assertThat(context.getError()).isNull());
	}

	static class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}

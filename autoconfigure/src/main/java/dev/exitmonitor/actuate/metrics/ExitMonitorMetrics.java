package dev.exitmonitor.actuate.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.Assert;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ShutdownReport;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerSnapshot;
import dev.exitmonitor.WorkerState;

/**
 * {@link MeterBinder} for an {@link ExitMonitor} and its {@link WorkerGroup}.
 * <ul>
 * <li>{@code exitmonitor.workers} (gauge, tag {@code state}): workers in each {@link WorkerState}.</li>
 * <li>{@code exitmonitor.worker.iterations}, {@code exitmonitor.worker.failures},
 * {@code exitmonitor.worker.restarts} (function counters, tag {@code worker}).</li>
 * <li>{@code exitmonitor.stragglers} (counter): threads still running at the shutdown deadline.</li>
 * <li>{@code exitmonitor.shutdown.duration} (timer, tag {@code phase}): {@code late} is the join of
 * the late exit phase ({@link ShutdownReport#duration()}); {@code total} runs from the exit request to
 * the end of that join.</li>
 * <li>{@code exitmonitor.worker.stop.duration} (timer, tag {@code worker}): from the exit request until
 * the worker stopped, for every worker that stopped by the end of the join.</li>
 * </ul>
 * The per-worker meters cover the workers present when the binder is bound (Spring Boot binds it once
 * every singleton has been created, so every {@code @BackgroundWorker} is included). The shutdown meters
 * are recorded by a late exit callback, so they reach a registry that is still open then: Spring Boot
 * closes (and flushes) push registries on {@code ContextClosedEvent}, before the late phase runs.
 *
 * @since 0.1.0
 */
public class ExitMonitorMetrics implements MeterBinder {

	private static final Log logger = LogFactory.getLog(ExitMonitorMetrics.class);

	private final ExitMonitor monitor;

	private final WorkerGroup workers;

	private final Iterable<Tag> tags;

	/**
	 * Create a binder.
	 * @param monitor the monitor whose shutdown is measured
	 * @param workers the workers to measure
	 */
	public ExitMonitorMetrics(ExitMonitor monitor, WorkerGroup workers) {
		this(monitor, workers, Tags.empty());
	}

	/**
	 * Create a binder that adds tags to every meter.
	 * @param monitor the monitor whose shutdown is measured
	 * @param workers the workers to measure
	 * @param tags tags added to every meter
	 */
	public ExitMonitorMetrics(ExitMonitor monitor, WorkerGroup workers, Iterable<Tag> tags) {
		Assert.notNull(monitor, "'monitor' must not be null");
		Assert.notNull(workers, "'workers' must not be null");
		Assert.notNull(tags, "'tags' must not be null");
		this.monitor = monitor;
		this.workers = workers;
		this.tags = tags;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (WorkerState state : WorkerState.values()) {
			Gauge.builder("exitmonitor.workers", this.workers, (group) -> countInState(group, state))
				.tags(this.tags)
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.description("Number of background workers in the state")
				.baseUnit("workers")
				.register(registry);
		}
		for (WorkerHandle worker : this.workers.workers()) {
			bindWorker(registry, worker);
		}
		Counter stragglers = Counter.builder("exitmonitor.stragglers")
			.tags(this.tags)
			.description("Threads still running at the shutdown deadline")
			.register(registry);
		try {
			this.monitor.registerLate((reason) -> recordShutdown(registry, stragglers));
		}
		catch (IllegalStateException ex) {
			// Bound after the late exit phase began: there is no shutdown left to measure.
			logger.debug("Not measuring the shutdown of exit monitor '" + this.monitor.name() + "': " + ex.getMessage());
		}
	}

	private static double countInState(WorkerGroup group, WorkerState state) {
		return group.workers().stream().filter((worker) -> worker.state() == state).count();
	}

	private void bindWorker(MeterRegistry registry, WorkerHandle worker) {
		Tags workerTags = Tags.of(this.tags).and("worker", worker.name());
		FunctionCounter.builder("exitmonitor.worker.iterations", worker, (handle) -> handle.snapshot().iterations())
			.tags(workerTags)
			.description("Iterations the worker completed")
			.register(registry);
		FunctionCounter.builder("exitmonitor.worker.failures", worker, (handle) -> handle.snapshot().failures())
			.tags(workerTags)
			.description("Failures of the worker")
			.register(registry);
		FunctionCounter.builder("exitmonitor.worker.restarts", worker, (handle) -> handle.snapshot().restarts())
			.tags(workerTags)
			.description("Restarts of the worker after failures")
			.register(registry);
	}

	private void recordShutdown(MeterRegistry registry, Counter stragglers) {
		ShutdownReport report = this.monitor.shutdownReport().orElse(null);
		if (report != null) {
			shutdownTimer(registry, "late").record(report.duration());
			stragglers.increment(report.stragglers().size());
		}
		Instant requestedAt = this.monitor.requestedAt().orElse(null);
		if (requestedAt == null) {
			return;
		}
		shutdownTimer(registry, "total").record(Duration.between(requestedAt, Instant.now()));
		for (WorkerSnapshot worker : this.workers.snapshot()) {
			Instant stoppedAt = worker.stoppedAt();
			// A worker stopped through its handle before the exit did not stop because of it.
			if (stoppedAt != null && !stoppedAt.isBefore(requestedAt)) {
				Timer.builder("exitmonitor.worker.stop.duration")
					.tags(this.tags)
					.tag("worker", worker.name())
					.description("Time from the exit request until the worker stopped")
					.register(registry)
					.record(Duration.between(requestedAt, stoppedAt));
			}
		}
	}

	private Timer shutdownTimer(MeterRegistry registry, String phase) {
		return Timer.builder("exitmonitor.shutdown.duration")
			.tags(this.tags)
			.tag("phase", phase)
			.description("Duration of the exit: 'late' is the join of the late phase, 'total' runs from the exit "
					+ "request to the end of that join")
			.register(registry);
	}

	@Override
	public String toString() {
		return "ExitMonitorMetrics for exit monitor '" + this.monitor.name() + "'";
	}

}

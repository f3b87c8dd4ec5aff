package dev.exitmonitor.actuate.health;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerState;

/**
 * {@link HealthIndicator} for an {@link ExitMonitor} and its background workers: {@code UP} while the
 * application runs, {@code OUT_OF_SERVICE} once the exit has begun, and {@code DOWN} while a worker is
 * {@link WorkerState#FAILED FAILED} (a worker that restarts after failures stays {@code RUNNING}, so it
 * does not make the application down). Details: the exit phase, the exit reason once exiting, and the
 * worker names by state.
 *
 * @since 0.1.0
 */
public class ExitMonitorHealthIndicator extends AbstractHealthIndicator {

	private final ExitMonitor monitor;

	private final WorkerGroup workers;

	/**
	 * Create an indicator.
	 * @param monitor the monitor whose exit makes the application out of service
	 * @param workers the workers whose failures make the application down
	 */
	public ExitMonitorHealthIndicator(ExitMonitor monitor, WorkerGroup workers) {
		super("Exit monitor health check failed");
		Assert.notNull(monitor, "'monitor' must not be null");
		Assert.notNull(workers, "'workers' must not be null");
		this.monitor = monitor;
		this.workers = workers;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<WorkerState, List<String>> workersByState = new EnumMap<>(WorkerState.class);
		for (WorkerHandle worker : this.workers.workers()) {
			workersByState.computeIfAbsent(worker.state(), (state) -> new ArrayList<>()).add(worker.name());
		}
		if (this.monitor.isExitRequested()) {
			builder.outOfService();
		}
		else if (workersByState.containsKey(WorkerState.FAILED)) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("phase", this.monitor.phase());
		this.monitor.reason().ifPresent((reason) -> builder.withDetail("reason", reason.toString()));
		builder.withDetail("workers", workersByState);
	}

}

package dev.exitmonitor.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.Assert;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitPhase;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.ShutdownReport;
import dev.exitmonitor.Straggler;
import dev.exitmonitor.StragglerPolicy;
import dev.exitmonitor.StragglerSettings;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;

/**
 * {@link Endpoint @Endpoint} to expose the exit state of an application's {@link ExitMonitor} and its
 * background workers, and to stop, start, restart, pause, resume or interrupt a single worker.
 * <p>
 * The exit deadline is the exit request plus the shutdown timeout: the time the workers have from
 * the request until the late exit phase applies the straggler policy (the late phase counts its own
 * timeout from when it starts, so its deadline is never earlier).
 *
 * @since 0.1.0
 */
@Endpoint(id = "exitmonitor")
public class ExitMonitorEndpoint {

	private final ExitMonitor monitor;

	private final WorkerGroup workers;

	private final Duration shutdownTimeout;

	/**
	 * Create an endpoint.
	 * @param monitor the monitor to report on
	 * @param workers the workers to report on and control
	 * @param shutdownTimeout the shutdown timeout ({@code exit-monitor.shutdown.timeout}), used for the
	 * deadline and as the longest time a restart waits for the worker to stop
	 */
	public ExitMonitorEndpoint(ExitMonitor monitor, WorkerGroup workers, Duration shutdownTimeout) {
		Assert.notNull(monitor, "'monitor' must not be null");
		Assert.notNull(workers, "'workers' must not be null");
		Assert.notNull(shutdownTimeout, "'shutdownTimeout' must not be null");
		this.monitor = monitor;
		this.workers = workers;
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Describe the exit state and every worker.
	 * @return the description
	 */
	@ReadOperation
	public ExitMonitorDescriptor exitMonitor() {
		List<WorkerDescriptor> descriptors = this.workers.snapshot().stream().map(WorkerDescriptor::new).toList();
		return new ExitMonitorDescriptor(this.monitor, this.shutdownTimeout, descriptors, Instant.now());
	}

	/**
	 * Describe one worker.
	 * @param worker the worker's name
	 * @return the description, or {@code null} if there is no worker of that name
	 */
	@ReadOperation
	public @Nullable WorkerDescriptor worker(@Selector String worker) {
		return this.workers.worker(worker).map((handle) -> new WorkerDescriptor(handle.snapshot())).orElse(null);
	}

	/**
	 * Apply a {@link WorkerAction} to one worker.
	 * @param worker the worker's name
	 * @param action the action's name: {@code stop}, {@code start}, {@code restart}, {@code pause},
	 * {@code resume} or {@code interrupt}
	 * @return the worker's description after the action, or {@code null} if there is no worker of that
	 * name
	 * @throws InvalidEndpointRequestException if the action is not one of those
	 * @throws IllegalStateException if the worker cannot do it in its current state
	 */
	@WriteOperation
	public @Nullable WorkerDescriptor controlWorker(@Selector String worker, String action) {
		// The worker first: an unknown worker is the first thing to tell, whatever the action.
		Optional<WorkerHandle> handle = this.workers.worker(worker);
		if (handle.isEmpty()) {
			return null;
		}
		WorkerAction workerAction = WorkerAction.of(action);
		if (workerAction == null) {
			String validActions = String.join(", ", WorkerAction.ids());
			throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "' for worker '" + worker + "'. Valid actions are: " + validActions,
					"Unknown action '" + action + "'. Valid actions are: " + validActions);
		}
		workerAction.applyTo(handle.get(), this.shutdownTimeout);
		return new WorkerDescriptor(handle.get().snapshot());
	}

	/**
	 * Return the names of every worker, for messages.
	 * @return the names, in the order the workers were added
	 */
	List<String> workerNames() {
		return this.workers.workers().stream().map(WorkerHandle::name).toList();
	}

	/**
	 * Description of an {@link ExitMonitor}: its exit state and its workers.
	 */
	public static final class ExitMonitorDescriptor implements OperationResponseBody {

		private final String name;

		private final ExitPhase phase;

		private final @Nullable ReasonDescriptor reason;

		private final @Nullable Instant requestedAt;

		private final @Nullable Instant deadline;

		private final @Nullable Duration timeRemaining;

		private final Duration shutdownTimeout;

		private final StragglerPolicy stragglerPolicy;

		private final StragglerPolicy finalPolicy;

		private final List<WorkerDescriptor> workers;

		private final @Nullable ShutdownReportDescriptor shutdownReport;

		private ExitMonitorDescriptor(ExitMonitor monitor, Duration shutdownTimeout, List<WorkerDescriptor> workers,
				Instant now) {
			this.name = monitor.name();
			this.phase = monitor.phase();
			ExitReason exitReason = monitor.reason().orElse(null);
			this.reason = (exitReason != null) ? new ReasonDescriptor(exitReason) : null;
			this.requestedAt = monitor.requestedAt().orElse(null);
			this.deadline = (this.requestedAt != null) ? this.requestedAt.plus(shutdownTimeout) : null;
			this.timeRemaining = (this.deadline != null) ? max(Duration.between(now, this.deadline), Duration.ZERO)
					: null;
			this.shutdownTimeout = shutdownTimeout;
			StragglerSettings settings = monitor.stragglerSettings();
			this.stragglerPolicy = settings.policy();
			this.finalPolicy = settings.finalPolicy();
			this.workers = workers;
			this.shutdownReport = monitor.shutdownReport().map(ShutdownReportDescriptor::new).orElse(null);
		}

		private static Duration max(Duration a, Duration b) {
			return (a.compareTo(b) >= 0) ? a : b;
		}

		public String getName() {
			return this.name;
		}

		public ExitPhase getPhase() {
			return this.phase;
		}

		public boolean isExitRequested() {
			return this.reason != null;
		}

		public @Nullable ReasonDescriptor getReason() {
			return this.reason;
		}

		public @Nullable Instant getRequestedAt() {
			return this.requestedAt;
		}

		public @Nullable Instant getDeadline() {
			return this.deadline;
		}

		public @Nullable Duration getTimeRemaining() {
			return this.timeRemaining;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public StragglerPolicy getStragglerPolicy() {
			return this.stragglerPolicy;
		}

		public StragglerPolicy getFinalPolicy() {
			return this.finalPolicy;
		}

		public List<WorkerDescriptor> getWorkers() {
			return this.workers;
		}

		public @Nullable ShutdownReportDescriptor getShutdownReport() {
			return this.shutdownReport;
		}

	}

	/**
	 * Description of an {@link ExitReason}.
	 */
	public static final class ReasonDescriptor {

		private final ExitReason reason;

		private ReasonDescriptor(ExitReason reason) {
			this.reason = reason;
		}

		public ExitReason.Kind getKind() {
			return this.reason.kind();
		}

		public String getDescription() {
			return this.reason.description();
		}

		public int getExitCode() {
			return this.reason.exitCode();
		}

	}

	/**
	 * Description of the outcome of the late exit phase.
	 */
	public static final class ShutdownReportDescriptor {

		private final ShutdownReport report;

		private final List<StragglerDescriptor> stragglers;

		private ShutdownReportDescriptor(ShutdownReport report) {
			this.report = report;
			this.stragglers = report.stragglers().stream().map(StragglerDescriptor::new).toList();
		}

		public boolean isAllStopped() {
			return this.report.allStopped();
		}

		public @Nullable StragglerPolicy getAppliedPolicy() {
			return this.report.appliedPolicy();
		}

		public Duration getDuration() {
			return this.report.duration();
		}

		public List<StragglerDescriptor> getStragglers() {
			return this.stragglers;
		}

		public List<String> getUnstoppedParticipants() {
			return this.report.unstoppedParticipants();
		}

	}

	/**
	 * Description of a thread still running at the shutdown deadline.
	 */
	public static final class StragglerDescriptor {

		private final Straggler straggler;

		private StragglerDescriptor(Straggler straggler) {
			this.straggler = straggler;
		}

		public String getWorker() {
			return this.straggler.workerName();
		}

		public String getThread() {
			return this.straggler.threadName();
		}

		public Thread.State getThreadState() {
			return this.straggler.threadState();
		}

		public Duration getPastDeadline() {
			return this.straggler.pastDeadline();
		}

		public @Nullable Instant getCriticalSince() {
			return this.straggler.criticalSince();
		}

		public List<String> getStackTrace() {
			return WorkerDescriptor.lines(this.straggler.stackTrace());
		}

	}

}

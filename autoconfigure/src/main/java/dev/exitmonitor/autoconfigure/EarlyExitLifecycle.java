package dev.exitmonitor.autoconfigure;

import org.springframework.context.SmartLifecycle;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.WorkerGroup;

/**
 * {@link SmartLifecycle} of the early exit phase. It has the highest phase, so it starts last (the
 * background workers start once everything they use is running) and stops first: when the context
 * begins to close it begins the exit of the context's {@link ExitMonitor}, which publishes the
 * {@link dev.exitmonitor.spring.ExitRequestedEvent}, sets readiness to refusing traffic, runs
 * {@code @EarlyExit} methods and early callbacks, and asks every worker to stop. It never waits: the
 * web server's graceful shutdown and other lifecycles run while the workers drain, and
 * {@link LateExitLifecycle} joins them.
 * <p>
 * Thread-safe: {@code start} and {@code stop} are called by the context's lifecycle processor.
 *
 * @since 0.1.0
 */
public final class EarlyExitLifecycle implements SmartLifecycle {

	/**
	 * Default phase: the highest, so that this lifecycle stops before every other one, including the
	 * web server's graceful shutdown ({@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE}).
	 */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE;

	private final ExitMonitor monitor;

	private final WorkerGroup workers;

	private final ApplicationExitCoordinator coordinator;

	private final String contextId;

	private final int phase;

	private volatile boolean running;

	EarlyExitLifecycle(ExitMonitor monitor, WorkerGroup workers, ApplicationExitCoordinator coordinator,
			String contextId, int phase) {
		this.monitor = monitor;
		this.workers = workers;
		this.coordinator = coordinator;
		this.contextId = contextId;
		this.phase = phase;
	}

	@Override
	public void start() {
		this.running = true;
		this.workers.start();
		this.coordinator.workersStarted();
	}

	@Override
	public void stop() {
		this.running = false;
		this.coordinator.contextClosing();
		this.monitor.requestExit(new ExitReason(ExitReason.Kind.CONTAINER_CLOSING,
				"application context '" + this.contextId + "' is closing", 0));
	}

	@Override
	public void stop(Runnable callback) {
		try {
			stop();
		}
		finally {
			callback.run();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}

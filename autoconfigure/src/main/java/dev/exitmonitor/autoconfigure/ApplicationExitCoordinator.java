package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerSnapshot;
import dev.exitmonitor.WorkerState;

/**
 * Keeps the application and its exit monitor in step: an exit that did not come from the context
 * closing (a {@code STOP_APPLICATION} failure, or every worker finishing on its own under keep-alive)
 * closes the application through the {@link ExitMonitorApplicationTerminator}.
 * <p>
 * Keep-alive: a non-daemon thread keeps the JVM running while workers run; once at least one worker
 * ran and every worker has finished on its own, the exit begins with a normal reason. Thread-safe.
 *
 * @since 0.1.0
 */
final class ApplicationExitCoordinator {

	private static final Log logger = LogFactory.getLog(ApplicationExitCoordinator.class);

	private static final Duration POLL = Duration.ofMillis(200);

	private final ExitMonitor monitor;

	private final WorkerGroup workers;

	private final ExitMonitorApplicationTerminator terminator;

	private final boolean keepAlive;

	private final AtomicBoolean contextClosing = new AtomicBoolean();

	private final AtomicBoolean terminating = new AtomicBoolean();

	ApplicationExitCoordinator(ExitMonitor monitor, WorkerGroup workers, ExitMonitorApplicationTerminator terminator,
			boolean keepAlive) {
		this.monitor = monitor;
		this.workers = workers;
		this.terminator = terminator;
		this.keepAlive = keepAlive;
		monitor.onExit(this::onMonitorExit);
	}

	/**
	 * The context began to close: the exit that follows needs no closing of its own.
	 */
	void contextClosing() {
		this.contextClosing.set(true);
	}

	void workersStarted() {
		if (!this.keepAlive) {
			return;
		}
		Thread keeper = new Thread(this::keepAlive, "exit-monitor-keep-alive");
		keeper.setDaemon(false);
		keeper.start();
	}

	private void keepAlive() {
		try {
			while (!this.monitor.isExitRequested()) {
				if (this.workers.awaitStopped(POLL) && allFinishedOnTheirOwn()) {
					logger.info("Every background worker finished on its own: closing the application");
					this.monitor.requestExit(ExitReason.requested("every background worker finished"));
					return;
				}
				this.monitor.awaitExit(POLL);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Whether at least one worker ran and every worker that ran ended without being asked to stop (a
	 * worker stopped through its handle keeps the application up, so it can be started again).
	 */
	private boolean allFinishedOnTheirOwn() {
		boolean anyRan = false;
		for (WorkerHandle handle : this.workers.workers()) {
			WorkerSnapshot snapshot = handle.snapshot();
			if (!snapshot.state().isIdle() || snapshot.stopRequested()) {
				return false;
			}
			anyRan |= snapshot.state() != WorkerState.NEW;
		}
		return anyRan;
	}

	private void onMonitorExit() {
		if (this.contextClosing.get() || !this.terminating.compareAndSet(false, true)) {
			return;
		}
		ExitReason reason = this.monitor.reason().orElseThrow();
		// Close from a separate thread: this runs inside requestExit, possibly on a worker thread.
		Thread closer = new Thread(() -> this.terminator.terminate(reason), "exit-monitor-application-exit");
		closer.setDaemon(false);
		closer.start();
	}

}

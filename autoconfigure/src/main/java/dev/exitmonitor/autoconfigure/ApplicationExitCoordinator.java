package dev.exitmonitor.autoconfigure;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 * Keep-alive has two parts, and nothing of either runs while the workers run:
 * <ul>
 * <li>closing when the work is done: the worker group tells the coordinator each time a worker becomes
 * idle ({@link WorkerGroup#onWorkerIdle}); once at least one worker ran and every worker has finished on
 * its own, the exit begins with a normal reason, from a thread of its own;</li>
 * <li>keeping the JVM running: unless something else does (an embedded web server, Spring Boot's
 * {@code spring.main.keep-alive}), a non-daemon thread waits, without a timeout, for the exit to begin,
 * and then ends.</li>
 * </ul>
 * <p>
 * Thread-safety: the idle callback runs in worker threads, {@link #onMonitorExit()} in the thread that
 * begins the exit, the lifecycle methods in the context's thread; they share only atomic and volatile
 * flags and the volatile keep-alive thread field. Idle workers are looked at only once the group's start
 * returned (then once for the workers that ended during it), so a worker that ends while the others are
 * still {@code NEW} does not close the application.
 *
 * @since 0.1.0
 */
final class ApplicationExitCoordinator {

	private static final Log logger = LogFactory.getLog(ApplicationExitCoordinator.class);

	private final ExitMonitor monitor;

	private final WorkerGroup workers;

	private final ExitMonitorApplicationTerminator terminator;

	private final boolean closeWhenWorkersFinish;

	private final boolean keepJvmAlive;

	private final AtomicBoolean contextClosing = new AtomicBoolean();

	private final AtomicBoolean terminating = new AtomicBoolean();

	/** Set by the idle callback that begins the exit, so that only one does. */
	private final AtomicBoolean workersFinished = new AtomicBoolean();

	/**
	 * Set once the group's start has returned: a worker that ends while the others are still being started
	 * (an async worker whose stage is already complete) must not close the application.
	 */
	private volatile boolean workersStarted;

	/** The keep-alive thread, once started; written in the context's thread, read by tests. */
	private volatile @Nullable Thread keepAliveThread;

	/**
	 * Create a coordinator.
	 * @param monitor the context's exit monitor
	 * @param workers the context's worker group
	 * @param terminator ends the application after an exit the context did not begin
	 * @param closeWhenWorkersFinish whether to begin the exit once every worker finished on its own
	 * @param keepJvmAlive whether to keep the JVM running with a thread of its own (only with
	 * {@code closeWhenWorkersFinish}, and only when nothing else keeps the JVM running)
	 */
	ApplicationExitCoordinator(ExitMonitor monitor, WorkerGroup workers, ExitMonitorApplicationTerminator terminator,
			boolean closeWhenWorkersFinish, boolean keepJvmAlive) {
		this.monitor = monitor;
		this.workers = workers;
		this.terminator = terminator;
		this.closeWhenWorkersFinish = closeWhenWorkersFinish;
		this.keepJvmAlive = closeWhenWorkersFinish && keepJvmAlive;
		monitor.onExit(this::onMonitorExit);
		if (closeWhenWorkersFinish) {
			workers.onWorkerIdle((worker) -> closeIfEveryWorkerFinished());
		}
	}

	/**
	 * The context began to close: the exit that follows needs no closing of its own.
	 */
	void contextClosing() {
		this.contextClosing.set(true);
	}

	/**
	 * The workers were started: start the keep-alive thread, if this coordinator keeps the JVM running.
	 */
	void workersStarted() {
		this.workersStarted = true;
		if (this.closeWhenWorkersFinish) {
			// Workers that ended during the start were not looked at: look now (every one may be done already).
			closeIfEveryWorkerFinished();
		}
		if (!this.keepJvmAlive || this.monitor.isExitRequested()) {
			return;
		}
		Thread keeper = new Thread(this::keepAlive, "exit-monitor-keep-alive");
		keeper.setDaemon(false);
		this.keepAliveThread = keeper;
		keeper.start();
	}

	/**
	 * Return the keep-alive thread.
	 * @return the thread, or {@code null} if none was started
	 */
	@Nullable Thread keepAliveThread() {
		return this.keepAliveThread;
	}

	private void keepAlive() {
		// No timeout, and an interrupt does not end it: the thread sleeps until the exit begins, however that
		// happens.
		this.monitor.exitFuture().join();
	}

	/**
	 * Begin the exit if every worker finished on its own. Called in the thread that ended last each time a
	 * worker becomes idle, and once when the start returned.
	 */
	private void closeIfEveryWorkerFinished() {
		// During an exit every worker becomes idle in turn: one volatile read each.
		if (!this.workersStarted || this.monitor.isExitRequested() || !allFinishedOnTheirOwn()
				|| !this.workersFinished.compareAndSet(false, true)) {
			return;
		}
		// Begin the exit from a thread of its own: this may be a worker thread, which the early phase stops.
		Thread exiter = new Thread(() -> {
			logger.info("Every background worker finished on its own: closing the application");
			this.monitor.requestExit(ExitReason.requested("every background worker finished"));
		}, "exit-monitor-workers-finished");
		exiter.setDaemon(false);
		try {
			exiter.start();
		}
		catch (RuntimeException | Error ex) {
			// No exit began: let the next idle worker (or none) try again rather than keep the JVM up for good.
			this.workersFinished.set(false);
			throw ex;
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

package dev.exitmonitor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.exitmonitor.internal.Arguments;
import dev.exitmonitor.internal.ThreadState;
import dev.exitmonitor.internal.ThreadStates;

/**
 * Exit phases for plain Java applications, on the {@linkplain ExitMonitor#global() global} monitor.
 * <p>
 * <b>Early</b> callbacks run when the exit begins, before anything waits for workers; they may
 * register late callbacks. <b>Late</b> callbacks run after the workers were joined (or the straggler
 * policy was applied). {@link #installShutdownHook()} makes a JVM shutdown (SIGTERM, SIGINT, SIGHUP,
 * {@code System.exit}) begin the exit and run both phases; {@link #exitWhenMainReturns()} begins it
 * when {@code main} returns while only monitored workers keep the JVM alive.
 * <p>
 * Spring applications do not use this class: the auto-configuration drives a per-context monitor from
 * the application context's own shutdown. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ExitPhases {

	private static final Logger logger = LoggerFactory.getLogger(ExitPhases.class);

	/** Default time the shutdown hook waits for workers before the late phase. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final AtomicBoolean shutdownHookInstalled = new AtomicBoolean();

	private static final AtomicBoolean mainWatcherStarted = new AtomicBoolean();

	private ExitPhases() {
	}

	/**
	 * Register an early callback on the global monitor.
	 * @param callback the callback
	 * @throws IllegalStateException if the early phase has already started
	 */
	public static void registerEarly(ExitCallback callback) {
		ExitMonitor.global().registerEarly(callback);
	}

	/**
	 * Register a late callback on the global monitor.
	 * @param callback the callback
	 * @throws IllegalStateException if the late phase has already started
	 */
	public static void registerLate(ExitCallback callback) {
		ExitMonitor.global().registerLate(callback);
	}

	/**
	 * Install, once, a JVM shutdown hook that begins the global exit and runs both phases, waiting up
	 * to {@link #DEFAULT_SHUTDOWN_TIMEOUT} for workers.
	 * @return {@code true} if this call installed the hook
	 */
	public static boolean installShutdownHook() {
		return installShutdownHook(DEFAULT_SHUTDOWN_TIMEOUT);
	}

	/**
	 * Install, once, a JVM shutdown hook that begins the global exit and runs both phases.
	 * @param shutdownTimeout how long the hook waits for workers; must be positive
	 * @return {@code true} if this call installed the hook, {@code false} if one was installed before
	 */
	public static boolean installShutdownHook(Duration shutdownTimeout) {
		Arguments.requirePositive(shutdownTimeout, "shutdownTimeout");
		if (!shutdownHookInstalled.compareAndSet(false, true)) {
			return false;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> runBothPhases(ExitReason.jvmShutdown(), shutdownTimeout),
				"exit-monitor-shutdown-hook"));
		return true;
	}

	/**
	 * Opt in to "exit when main returns": call from the main thread. When it ends while the only
	 * non-daemon threads left are threads started by the global monitor's worker groups and executors,
	 * the global exit begins (reason {@link ExitReason.Kind#MAIN_RETURNED}) and both phases run, so the
	 * JVM does not hang forever.
	 * @param shutdownTimeout how long to wait for workers in the late phase; must be positive
	 * @return {@code true} if this call started the watcher
	 */
	public static boolean exitWhenMainReturns(Duration shutdownTimeout) {
		Arguments.requirePositive(shutdownTimeout, "shutdownTimeout");
		Thread main = Thread.currentThread();
		if (!mainWatcherStarted.compareAndSet(false, true)) {
			return false;
		}
		Thread watcher = new Thread(() -> watchMain(main, shutdownTimeout), "exit-monitor-main-watcher");
		watcher.setDaemon(true);
		watcher.start();
		return true;
	}

	private static void watchMain(Thread main, Duration shutdownTimeout) {
		try {
			main.join();
			while (!onlyManagedThreadsAlive(main)) {
				// Unmanaged non-daemon threads keep the JVM alive on their own; look again later.
				TimeUnit.MILLISECONDS.sleep(100);
			}
			logger.info("Main thread '{}' ended and only monitored workers are left: beginning exit", main.getName());
			// A non-daemon thread runs the phases: the JVM must not end when the last worker stops,
			// before the late callbacks ran.
			Thread phases = new Thread(() -> runBothPhases(ExitReason.mainReturned(), shutdownTimeout),
					"exit-monitor-main-returned");
			phases.setDaemon(false);
			phases.start();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean onlyManagedThreadsAlive(Thread main) {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.isDaemon() || thread == main || !thread.isAlive() || "DestroyJavaVM".equals(thread.getName())) {
				continue;
			}
			ThreadState state = ThreadStates.find(thread);
			if (state == null || !state.isManaged()) {
				return false;
			}
		}
		return true;
	}

	private static void runBothPhases(ExitReason reason, Duration shutdownTimeout) {
		ExitMonitor monitor = ExitMonitor.global();
		Objects.requireNonNull(reason);
		monitor.requestExit(reason);
		try {
			monitor.completeExit(shutdownTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package dev.exitmonitor.internal;

import java.lang.invoke.MethodHandles;

import dev.exitmonitor.ExitReason;
import dev.exitmonitor.Interruption;
import dev.exitmonitor.ShutdownReport;

/**
 * The library's classes that an exit needs and that nothing loads before it, loaded and initialised ahead of
 * time. A JVM that receives SIGTERM is cold: loading, verifying and initialising a class there costs a fraction
 * of a millisecond each, and the shutdown waits for it, while at start-up it is a rounding error.
 * <p>
 * {@code ExitPathPreloadTests} runs an exit in a child JVM and fails, naming the class, when an exit loads one of
 * the library's classes: add it here.
 * <p>
 * Thread-safe: {@link #load()} may be called by any thread, any number of times; class initialisation is the
 * JVM's own, done once.
 *
 * @since 0.1.0
 */
public final class ExitPath {

	private static final Class<?>[] CLASSES = { ThreadStates.class, ThreadState.class, BoundThreads.class,
			SignalRound.class, StopRequestExit.class, StopRequestExit.Cause.class, ExitReason.Kind.class,
			Interruption.class, TaskSweep.class, ShutdownJoin.class, ShutdownReport.class,
			// Only a thread that meets a stopper mid-interrupt spins, so only some exits load it.
			SpinPause.class };

	private ExitPath() {
	}

	/**
	 * Load and initialise the classes of the exit path.
	 */
	public static void load() {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		for (Class<?> type : CLASSES) {
			try {
				lookup.ensureInitialized(type);
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException("Cannot initialise " + type.getName(), ex);
			}
		}
	}

}

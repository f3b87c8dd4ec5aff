package dev.exitmonitor;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Point-in-time view of a worker, for monitoring.
 *
 * @param name the worker's name
 * @param style how it runs
 * @param state its lifecycle state
 * @param paused whether a loop worker is paused
 * @param threads its live threads
 * @param iterations completed iterations over all threads
 * @param failures failures so far
 * @param restarts restarts after failures so far
 * @param lastError the last failure, or {@code null}
 * @param startedAt when it was last started, or {@code null}
 * @param stoppedAt when it last stopped, or {@code null}
 * @param stopRequested whether it was asked to stop since it was last started (a stopped worker that
 * was not asked to stop finished on its own)
 * @since 0.1.0
 */
public record WorkerSnapshot(String name, WorkerDefinition.Style style, WorkerState state, boolean paused,
		List<ThreadSnapshot> threads, long iterations, long failures, long restarts, @Nullable ErrorSnapshot lastError,
		@Nullable Instant startedAt, @Nullable Instant stoppedAt, boolean stopRequested) {

	/**
	 * One live thread of a worker.
	 *
	 * @param name the thread's name
	 * @param state the JVM state of the thread
	 * @param inCriticalSince when its open critical section began, or {@code null}
	 * @param stackTrace its current stack while the worker is straggling, else empty
	 */
	public record ThreadSnapshot(String name, Thread.State state, @Nullable Instant inCriticalSince,
			List<StackTraceElement> stackTrace) {
	}

	/**
	 * The last failure of a worker.
	 *
	 * @param type the exception class name
	 * @param message the exception message, or {@code null}
	 * @param at when it happened
	 */
	public record ErrorSnapshot(String type, @Nullable String message, Instant at) {
	}

}

package dev.exitmonitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A thread still running after the shutdown deadline, as reported by the late exit phase.
 *
 * @param workerName the worker (or executor) the thread belongs to
 * @param threadName the thread's name
 * @param threadState the JVM state of the thread when reported
 * @param pastDeadline how long after the deadline it was reported
 * @param criticalSince when its open critical section began, or {@code null} if it is in none
 * @param stackTrace its stack when reported
 * @since 0.1.0
 */
public record Straggler(String workerName, String threadName, Thread.State threadState, Duration pastDeadline,
		@Nullable Instant criticalSince, List<StackTraceElement> stackTrace) {

	/**
	 * Whether the straggler was inside a critical section.
	 * @return {@code true} if {@link #criticalSince()} is set
	 */
	public boolean inCriticalSection() {
		return this.criticalSince != null;
	}

}

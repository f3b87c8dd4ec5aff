package dev.exitmonitor;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Point-in-time view of one thread known to an {@link ExitMonitor}, for logs and monitoring.
 *
 * @param threadName the thread's name
 * @param threadId the thread's id
 * @param threadState the JVM state of the thread
 * @param managed whether a worker group or exit-aware executor of the monitor started the thread
 * @param stopRequested whether the thread was asked to stop (on its own or by the monitor's exit)
 * @param criticalSince when the thread entered its outermost open critical section, or {@code null}
 * when it is not inside one
 * @param inInterruptibleRegion whether the thread is inside an interruptible region
 * @param waiting whether the thread is blocked in an exit-aware wait
 * @since 0.1.0
 */
public record ThreadReport(String threadName, long threadId, Thread.State threadState, boolean managed,
		boolean stopRequested, @Nullable Instant criticalSince, boolean inInterruptibleRegion, boolean waiting) {

	/**
	 * Whether the thread is inside a critical section.
	 * @return {@code true} if {@link #criticalSince()} is set
	 */
	public boolean inCriticalSection() {
		return this.criticalSince != null;
	}

}

package dev.exitmonitor;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Outcome of {@link ExitMonitor#completeExit(Duration)}.
 *
 * @param allStopped whether every participant and monitored thread stopped (within the deadline or,
 * under {@link StragglerPolicy#ESCALATE} or {@link StragglerPolicy#WAIT}, later)
 * @param appliedPolicy the straggler policy that was applied, or {@code null} if there were none
 * @param stragglers the threads still running at the deadline
 * @param duration how long the late phase took
 * @since 0.1.0
 */
public record ShutdownReport(boolean allStopped, @Nullable StragglerPolicy appliedPolicy, List<Straggler> stragglers,
		Duration duration) {

}

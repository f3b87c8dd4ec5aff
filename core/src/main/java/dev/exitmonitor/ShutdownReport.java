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
 * @param unstoppedParticipants the names of the participants (worker groups, executors) whose join had not
 * ended at the last join (the deadline, or the end of the escalation grace under
 * {@link StragglerPolicy#ESCALATE}); empty when every participant stopped
 * @since 0.1.0
 */
public record ShutdownReport(boolean allStopped, @Nullable StragglerPolicy appliedPolicy, List<Straggler> stragglers,
		Duration duration, List<String> unstoppedParticipants) {

	/**
	 * Create a report.
	 */
	public ShutdownReport {
		stragglers = List.copyOf(stragglers);
		unstoppedParticipants = List.copyOf(unstoppedParticipants);
	}

}

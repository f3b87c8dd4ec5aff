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
 * @param unstoppedParticipants the names of the participants (worker groups, executors) that had not stopped
 * when the phase ended; one listed here without a straggler has work left but no thread running it
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

	/**
	 * Create a report that names no unstopped participant.
	 * @param allStopped whether every participant and monitored thread stopped
	 * @param appliedPolicy the straggler policy that was applied, or {@code null} if there were none
	 * @param stragglers the threads still running at the deadline
	 * @param duration how long the late phase took
	 */
	public ShutdownReport(boolean allStopped, @Nullable StragglerPolicy appliedPolicy, List<Straggler> stragglers,
			Duration duration) {
		this(allStopped, appliedPolicy, stragglers, duration, List.of());
	}

}

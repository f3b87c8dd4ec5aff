package dev.exitmonitor;

/**
 * Phases of an {@link ExitMonitor}, in the only order they can be reached.
 * <pre>
 * RUNNING ──requestExit──▶ EXIT_REQUESTED ──early callbacks, workers told──▶ EARLY_EXIT_DONE
 *         ──workers joined (or straggler policy applied)──▶ JOINED ──late callbacks──▶ LATE_EXIT_DONE
 * </pre>
 * A phase never goes back. {@code LATE_EXIT_DONE} is terminal.
 *
 * @since 0.1.0
 */
public enum ExitPhase {

	/** No exit requested; workers run normally. */
	RUNNING,

	/** Exit was requested: every flag is set and every exit-aware wait wakes; early callbacks are running. */
	EXIT_REQUESTED,

	/** Early callbacks have run and every participant (worker group, executor) was asked to stop. */
	EARLY_EXIT_DONE,

	/** Participants were joined within the deadline, or the straggler policy was applied to those that were not. */
	JOINED,

	/** Late callbacks have run; the monitor is finished. */
	LATE_EXIT_DONE;

	/**
	 * Whether this phase is at or after the given one.
	 * @param other the phase to compare with
	 * @return {@code true} if this phase was reached no earlier than {@code other}
	 */
	public boolean isAtLeast(ExitPhase other) {
		return ordinal() >= other.ordinal();
	}

}

package dev.exitmonitor;

import java.time.Duration;
import java.util.Objects;

import dev.exitmonitor.internal.Arguments;

/**
 * How the late exit phase treats stragglers: the {@link StragglerPolicy}, and for
 * {@link StragglerPolicy#ESCALATE} the grace after escalation and the final policy.
 *
 * @param policy the policy applied at the deadline
 * @param finalPolicy the policy applied after escalation to threads still running (not {@code ESCALATE})
 * @param escalationGrace how long escalated threads get to end
 * @param abortExitCode the exit code of {@link StragglerPolicy#ABORT}, 1 to 255 as the operating system reports it
 * @param waitReportInterval how often {@link StragglerPolicy#WAIT} reports the stragglers' stacks
 * @since 0.1.0
 */
public record StragglerSettings(StragglerPolicy policy, StragglerPolicy finalPolicy, Duration escalationGrace,
		int abortExitCode, Duration waitReportInterval) {

	/** Default escalation grace. */
	public static final Duration DEFAULT_ESCALATION_GRACE = Duration.ofSeconds(5);

	/** Default exit code of {@link StragglerPolicy#ABORT}. */
	public static final int DEFAULT_ABORT_EXIT_CODE = 70;

	/** Default interval between {@link StragglerPolicy#WAIT} reports. */
	public static final Duration DEFAULT_WAIT_REPORT_INTERVAL = Duration.ofSeconds(10);

	/**
	 * Create settings, checking them.
	 * @param policy the policy applied at the deadline
	 * @param finalPolicy the policy after escalation
	 * @param escalationGrace grace after escalation, positive
	 * @param abortExitCode exit code for abort, 1 to 255 as the operating system reports it (not 0 or a
	 * multiple of 256)
	 * @param waitReportInterval interval between wait reports, positive
	 */
	public StragglerSettings {
		Objects.requireNonNull(policy, "'policy' must not be null");
		Objects.requireNonNull(finalPolicy, "'finalPolicy' must not be null");
		if (finalPolicy == StragglerPolicy.ESCALATE) {
			throw new IllegalArgumentException(
					"'finalPolicy' must be EXIT, ABORT or WAIT (it applies after escalation), but was ESCALATE");
		}
		Arguments.requirePositive(escalationGrace, "escalationGrace");
		Arguments.requirePositive(waitReportInterval, "waitReportInterval");
		Arguments.requireFailureExitCode(abortExitCode, "abortExitCode");
	}

	/**
	 * Return the defaults: {@code ESCALATE}, then {@code EXIT}, 5 s grace, abort code 70, reports every 10 s.
	 * @return the default settings
	 */
	public static StragglerSettings defaults() {
		return new StragglerSettings(StragglerPolicy.ESCALATE, StragglerPolicy.EXIT, DEFAULT_ESCALATION_GRACE,
				DEFAULT_ABORT_EXIT_CODE, DEFAULT_WAIT_REPORT_INTERVAL);
	}

	/**
	 * Return a copy with another policy.
	 * @param policy the policy
	 * @return the new settings
	 */
	public StragglerSettings withPolicy(StragglerPolicy policy) {
		return new StragglerSettings(policy, this.finalPolicy, this.escalationGrace, this.abortExitCode,
				this.waitReportInterval);
	}

	/**
	 * Return a copy with another final policy.
	 * @param finalPolicy the policy after escalation
	 * @return the new settings
	 */
	public StragglerSettings withFinalPolicy(StragglerPolicy finalPolicy) {
		return new StragglerSettings(this.policy, finalPolicy, this.escalationGrace, this.abortExitCode,
				this.waitReportInterval);
	}

	/**
	 * Return a copy with another escalation grace.
	 * @param escalationGrace the grace
	 * @return the new settings
	 */
	public StragglerSettings withEscalationGrace(Duration escalationGrace) {
		return new StragglerSettings(this.policy, this.finalPolicy, escalationGrace, this.abortExitCode,
				this.waitReportInterval);
	}

	/**
	 * Return a copy with another abort exit code.
	 * @param abortExitCode the code
	 * @return the new settings
	 */
	public StragglerSettings withAbortExitCode(int abortExitCode) {
		return new StragglerSettings(this.policy, this.finalPolicy, this.escalationGrace, abortExitCode,
				this.waitReportInterval);
	}

	/**
	 * Return a copy with another wait report interval.
	 * @param waitReportInterval the interval
	 * @return the new settings
	 */
	public StragglerSettings withWaitReportInterval(Duration waitReportInterval) {
		return new StragglerSettings(this.policy, this.finalPolicy, this.escalationGrace, this.abortExitCode,
				waitReportInterval);
	}

}

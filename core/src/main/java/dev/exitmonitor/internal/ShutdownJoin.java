package dev.exitmonitor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitParticipant;
import dev.exitmonitor.ExitParticipant.RunningThread;
import dev.exitmonitor.Interruption;
import dev.exitmonitor.ShutdownReport;
import dev.exitmonitor.Straggler;
import dev.exitmonitor.StragglerPolicy;
import dev.exitmonitor.StragglerSettings;

/**
 * The join of the late exit phase: waits for every participant and every loose monitored thread until
 * the deadline, then reports the stragglers and applies the {@link StragglerPolicy}.
 * <p>
 * Not thread-safe; one instance per late phase, used by the thread that runs it. Sequence:
 * join → (stragglers?) → {@code deadlinePassed()} → report → policy: {@code EXIT} (carry on),
 * {@code ABORT} (carry on; the caller terminates after the late callbacks), {@code WAIT} (join again,
 * reporting every interval, until everything ended), {@code ESCALATE} (escalate, wait the grace, then
 * the final policy for what is still running).
 *
 * @since 0.1.0
 */
public final class ShutdownJoin {

	private static final Logger logger = LoggerFactory.getLogger(ShutdownJoin.class);

	private final ExitMonitor monitor;

	private final List<ExitParticipant> participants;

	private final StragglerSettings settings;

	private final long startNanos = System.nanoTime();

	private final long deadlineNanos;

	private boolean abortRequired;

	/** The participants not stopped at the end of the last join. */
	private List<ExitParticipant> unstopped = List.of();

	/**
	 * Create the join for one late phase.
	 * @param monitor the monitor whose loose threads are joined
	 * @param participants the participants to join
	 * @param settings the straggler settings
	 * @param timeout the time until the deadline
	 */
	public ShutdownJoin(ExitMonitor monitor, List<ExitParticipant> participants, StragglerSettings settings,
			Duration timeout) {
		this.monitor = monitor;
		this.participants = List.copyOf(participants);
		this.settings = settings;
		this.deadlineNanos = this.startNanos + timeout.toNanos();
	}

	/**
	 * Whether the applied policy requires ending the process after the late callbacks.
	 * @return {@code true} for {@link StragglerPolicy#ABORT}
	 */
	public boolean isAbortRequired() {
		return this.abortRequired;
	}

	/**
	 * Join until the deadline and apply the straggler policy.
	 * @return the report
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	public ShutdownReport run() throws InterruptedException {
		if (joinAll(this.deadlineNanos)) {
			return report(true, null, List.of());
		}
		for (ExitParticipant participant : this.participants) {
			participant.deadlinePassed();
		}
		StragglerPolicy policy = this.settings.policy();
		List<Straggler> stragglers = reportStragglers(policy);
		if (policy == StragglerPolicy.ESCALATE) {
			escalate();
			if (joinAll(System.nanoTime() + this.settings.escalationGrace().toNanos())) {
				logger.info("Every straggler of exit monitor '{}' stopped after escalation", this.monitor.name());
				return report(true, policy, stragglers);
			}
			policy = this.settings.finalPolicy();
			reportStragglers(policy);
		}
		return report(applyFinal(policy), policy, stragglers);
	}

	private boolean applyFinal(StragglerPolicy policy) throws InterruptedException {
		switch (policy) {
			case ABORT -> {
				this.abortRequired = true;
				return false;
			}
			case WAIT -> {
				while (!joinAll(System.nanoTime() + this.settings.waitReportInterval().toNanos())) {
					reportStragglers(policy);
				}
				return true;
			}
			default -> {
				return false;
			}
		}
	}

	private void escalate() {
		for (ExitParticipant participant : this.participants) {
			try {
				participant.escalate();
			}
			catch (RuntimeException ex) {
				logger.error("Escalating the interruption of {} failed", participant.name(), ex);
			}
		}
		for (Thread thread : looseThreads()) {
			Interruption.escalate(thread);
		}
	}

	private boolean joinAll(long untilNanos) throws InterruptedException {
		boolean allStopped = true;
		List<ExitParticipant> notStopped = new ArrayList<>();
		for (ExitParticipant participant : this.participants) {
			if (!participant.awaitStopped(remaining(untilNanos))) {
				allStopped = false;
				notStopped.add(participant);
			}
		}
		this.unstopped = notStopped;
		for (Thread thread : looseThreads()) {
			long millis = remaining(untilNanos).toMillis();
			if (millis > 0) {
				thread.join(millis);
			}
			allStopped &= !thread.isAlive();
		}
		return allStopped;
	}

	/**
	 * Threads started by the monitor's thread factories that no participant owns, still alive.
	 */
	private List<Thread> looseThreads() {
		Set<Thread> owned = new HashSet<>();
		for (ExitParticipant participant : this.participants) {
			for (RunningThread running : participant.runningThreads()) {
				owned.add(running.thread());
			}
		}
		List<Thread> loose = new ArrayList<>();
		for (ThreadState state : ThreadStates.boundTo(this.monitor)) {
			Thread thread = state.thread();
			if (state.isManaged() && thread != Thread.currentThread() && thread.isAlive() && !owned.contains(thread)) {
				loose.add(thread);
			}
		}
		return loose;
	}

	private List<Straggler> reportStragglers(StragglerPolicy policy) {
		List<RunningThread> running = new ArrayList<>();
		// Only participants that have not stopped: one that has may still show a thread in its last instants.
		for (ExitParticipant participant : this.unstopped) {
			running.addAll(participant.runningThreads());
		}
		for (Thread thread : looseThreads()) {
			running.add(new RunningThread(thread.getName(), thread));
		}
		Duration past = Duration.ofNanos(Math.max(0, System.nanoTime() - this.deadlineNanos));
		List<Straggler> stragglers = new ArrayList<>();
		for (RunningThread entry : running) {
			Thread thread = entry.thread();
			if (!thread.isAlive()) {
				continue;
			}
			Instant criticalSince = ThreadStates.criticalSince(thread);
			Straggler straggler = new Straggler(entry.workerName(), thread.getName(), thread.getState(), past,
					criticalSince, List.of(thread.getStackTrace()));
			stragglers.add(straggler);
			String message = "Straggler of exit monitor '{}': worker '{}', thread '{}' ({}) is still running {} ms "
					+ "past the shutdown deadline{}; straggler policy {}";
			Object[] args = { this.monitor.name(), straggler.workerName(), straggler.threadName(),
					straggler.threadState(), past.toMillis(),
					straggler.inCriticalSection() ? ", inside a critical section since " + criticalSince : "",
					policy, StackTraces.of(thread) };
			if (policy == StragglerPolicy.ABORT) {
				logger.error(message, args);
			}
			else {
				logger.warn(message, args);
			}
		}
		return stragglers;
	}

	private ShutdownReport report(boolean allStopped, StragglerPolicy policy, List<Straggler> stragglers) {
		return new ShutdownReport(allStopped, policy, stragglers, Duration.ofNanos(System.nanoTime() - this.startNanos),
				allStopped ? List.of() : this.unstopped.stream().map(ExitParticipant::name).toList());
	}

	private static Duration remaining(long untilNanos) {
		return Duration.ofNanos(Math.max(0, untilNanos - System.nanoTime()));
	}

}

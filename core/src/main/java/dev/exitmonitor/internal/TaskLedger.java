package dev.exitmonitor.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The books of one exit-aware executor: the tasks it accepted that have not ended yet, and how many
 * submissions ended each way.
 * <p>
 * An executor cannot see an arbitrary delegate's queue, so it keeps its own record: a task is
 * {@linkplain #register registered} before it is handed to the delegate and {@linkplain #remove removed}
 * by whichever thread moved it to a terminal state (see {@link ExecutorTask}). At exit the executor walks
 * {@link #live()} to hand back or stop what is left.
 * <p>
 * Thread-safe and lock-free: the live set is a concurrent set (its iteration is weakly consistent, which
 * is enough because a submission that registers while the executor closes checks the gate again
 * afterwards and withdraws its task; see {@link ExecutorGate}), the counters are {@link LongAdder}s.
 *
 * @since 0.1.0
 */
public final class TaskLedger {

	private final Set<ExecutorTask<?>> live = ConcurrentHashMap.newKeySet();

	private final LongAdder attempts = new LongAdder();

	private final LongAdder[] outcomes = new LongAdder[TaskOutcome.values().length];

	/**
	 * Create an empty ledger.
	 */
	public TaskLedger() {
		for (int i = 0; i < this.outcomes.length; i++) {
			this.outcomes[i] = new LongAdder();
		}
	}

	/**
	 * Count a submission attempt, before it is accepted or rejected.
	 */
	public void attempted() {
		this.attempts.increment();
	}

	/**
	 * Record an accepted task that has not ended yet.
	 * @param task the task
	 */
	public void register(ExecutorTask<?> task) {
		this.live.add(task);
	}

	/**
	 * Count one task (or refused submission) as having ended the given way.
	 * @param outcome how it ended
	 */
	public void record(TaskOutcome outcome) {
		this.outcomes[outcome.ordinal()].increment();
	}

	void remove(ExecutorTask<?> task) {
		this.live.remove(task);
	}

	/**
	 * Return the accepted tasks that have not ended yet.
	 * @return an unmodifiable, weakly consistent view
	 */
	public Collection<ExecutorTask<?>> live() {
		return Collections.unmodifiableSet(this.live);
	}

	/**
	 * Return how many submissions were attempted.
	 * @return the count
	 */
	public long attempts() {
		return this.attempts.sum();
	}

	/**
	 * Return how many tasks ended the given way.
	 * @param outcome the outcome
	 * @return the count
	 */
	public long count(TaskOutcome outcome) {
		return this.outcomes[outcome.ordinal()].sum();
	}

	/**
	 * Return how many accepted tasks have not started yet.
	 * @return the count
	 */
	public long queued() {
		return this.live.stream().filter(ExecutorTask::isPending).count();
	}

	/**
	 * Return how many tasks are running.
	 * @return the count
	 */
	public long running() {
		return this.live.stream().filter(ExecutorTask::isRunning).count();
	}

}

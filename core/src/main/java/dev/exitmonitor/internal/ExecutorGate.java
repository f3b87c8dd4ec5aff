package dev.exitmonitor.internal;

import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.ExecutorState;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;

/**
 * The admission gate of an exit-aware executor: decides whether a submission is accepted, registers
 * accepted tasks in the {@link TaskLedger}, holds the executor's state and words its rejections.
 *
 * <h2>State machine</h2>
 * {@code RUNNING → SHUT_DOWN → EXITING}, or {@code RUNNING → EXITING}; a state never moves back, and
 * only {@code RUNNING} accepts tasks — and only while the monitor has not begun to exit, so submissions
 * are refused from the first instant of the exit, before the executor is asked to stop.
 * ({@code TERMINATED} is not stored here: the executor reads it from its delegate.)
 *
 * <h2>Thread-safety</h2>
 * Thread-safe and lock-free for submissions. A submission registers its task in the ledger, then checks
 * the state again; {@link #close} changes the state, then its caller walks the ledger. Both sides write
 * before they read (volatile and concurrent-map accesses, in one synchronization order), so either the
 * submission sees the gate closed and withdraws its task ({@link ExecutorTask#reject()}, unless the walk
 * already took it), or the walk sees the task: no task is ever accepted without being seen at exit.
 * Closing is serialized by the gate's monitor; the delegate executor is never called under it.
 *
 * @since 0.1.0
 */
public final class ExecutorGate {

	private final String name;

	private final ExitMonitor monitor;

	private final TaskLedger ledger;

	/** Written under the gate's monitor; read through this volatile field. */
	private volatile ExecutorState state = ExecutorState.RUNNING;

	/** Why the executor is exiting; written once, under the gate's monitor. */
	private volatile @Nullable ExitReason exitReason;

	/**
	 * Create an open gate.
	 * @param name the executor's name, for rejection messages
	 * @param monitor the monitor whose exit closes the gate
	 * @param ledger the ledger accepted tasks are registered in
	 */
	public ExecutorGate(String name, ExitMonitor monitor, TaskLedger ledger) {
		this.name = name;
		this.monitor = monitor;
		this.ledger = ledger;
	}

	/**
	 * Count a submission and accept it (register its task) or refuse it.
	 * @param task the submitted task
	 * @throws RejectedExecutionException if the executor no longer accepts tasks
	 */
	public void admit(ExecutorTask<?> task) {
		this.ledger.attempted();
		if (!isAccepting()) {
			this.ledger.record(TaskOutcome.REJECTED);
			throw rejection(null);
		}
		this.ledger.register(task);
		if (!isAccepting() && task.reject()) {
			// Closed meanwhile, and the exit's walk of the ledger did not take the task: refuse it. (If the
			// walk handed it back, the receiver owns it and the submission stands.)
			throw rejection(null);
		}
	}

	/**
	 * Whether submissions are accepted now.
	 * @return {@code true} while {@code RUNNING} and the monitor is not exiting
	 */
	public boolean isAccepting() {
		return this.state == ExecutorState.RUNNING && !this.monitor.isExitRequested();
	}

	/**
	 * Move to a closed state, unless the gate is already there or further.
	 * @param target {@code SHUT_DOWN} or {@code EXITING}
	 * @param reason why the executor is exiting, for {@code EXITING}
	 * @return {@code true} if this call made the move
	 */
	public synchronized boolean close(ExecutorState target, @Nullable ExitReason reason) {
		if (this.state.compareTo(target) >= 0) {
			return false;
		}
		this.exitReason = (reason != null) ? reason : this.exitReason;
		this.state = target;
		return true;
	}

	/**
	 * Return the stored state.
	 * @return {@code RUNNING}, {@code SHUT_DOWN} or {@code EXITING}
	 */
	public ExecutorState state() {
		return this.state;
	}

	/**
	 * Create the exception for a refused submission, saying why it was refused.
	 * @param cause the delegate's own rejection, if it was the delegate that refused
	 * @return the exception
	 */
	public RejectedExecutionException rejection(@Nullable RejectedExecutionException cause) {
		ExitReason reason = (this.exitReason != null) ? this.exitReason : this.monitor.reason().orElse(null);
		String why;
		if (reason != null) {
			why = "the application is exiting (" + reason + "). Submit work before exit begins, or hand it back with "
					+ "PendingTaskPolicy.HAND_BACK";
		}
		else if (this.state != ExecutorState.RUNNING) {
			why = "it has been shut down";
		}
		else {
			why = "its delegate refused it (" + ((cause != null) ? cause.getMessage() : null) + ")";
		}
		return new RejectedExecutionException("Executor '" + this.name + "' rejected a task: " + why, cause);
	}

}

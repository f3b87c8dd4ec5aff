package dev.exitmonitor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.ThreadExit;

/**
 * A task submitted to an exit-aware executor: the {@link Future} the submitter gets back, the
 * {@link Runnable} the delegate executor runs, and the record of how the task ended.
 *
 * <h2>State machine</h2>
 * <pre>
 * PENDING ──the delegate runs it─────────────────────────────▶ RUNNING ──body ended──▶ DONE
 * PENDING ──handBack(): exit under HAND_BACK, shutdownNow()──▶ HANDED_BACK
 * PENDING ──Future.cancel(..) before it started──────────────▶ CANCELLED
 * PENDING ──reject(): the delegate refused it────────────────▶ REJECTED
 * </pre>
 * Every move out of {@code PENDING} is one CAS on {@link #state}, so exactly one of them wins, and the
 * thread whose CAS won counts the task once in the {@link TaskLedger}. {@code DONE},
 * {@code HANDED_BACK}, {@code CANCELLED} and {@code REJECTED} are terminal; when the delegate later
 * runs a task that is no longer {@code PENDING}, {@link #run()} does nothing. This state is separate
 * from {@link FutureTask}'s own, which keeps the {@code Future} contract: a running task whose future
 * is cancelled stays {@code RUNNING} until its body ends, as with any {@code FutureTask}.
 *
 * <h2>Stop requests</h2>
 * The body runs inside a {@link TaskScope}, so {@code Exit.requested()}, {@code Exit.check()} and
 * exit-aware waits in it see a stop of this task, whatever thread runs it. {@code cancel(false)} asks
 * it to stop softly ({@code scope.requestStop(false)}); {@code cancel(true)} also hard-interrupts it,
 * outside critical sections ({@code scope.requestStop(true)}) — never through {@code FutureTask}'s raw
 * {@link Thread#interrupt()}. A request made before the task starts is remembered and seen as it
 * starts. Requests are passed on only while the body has not ended (see {@link TaskStop}), so an
 * interrupt aimed at this task is always delivered while its scope is open and cleared when the scope
 * closes: it never reaches the next task on the same thread.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. {@link #outcome} and {@link #failure} are written and read by the running thread only.
 *
 * @param <V> the result type
 * @since 0.1.0
 */
public final class ExecutorTask<V> extends FutureTask<V> {

	private static final int PENDING = 0;

	private static final int RUNNING = 1;

	private static final int DONE = 2;

	private static final int HANDED_BACK = 3;

	private static final int CANCELLED = 4;

	private static final int REJECTED = 5;

	private static final VarHandle STATE;

	private static final VarHandle RUNNER;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			STATE = lookup.findVarHandle(ExecutorTask.class, "state", int.class);
			RUNNER = lookup.findVarHandle(ExecutorTask.class, "runner", Thread.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** See the class Javadoc; leaves {@code PENDING} only by CAS. */
	private volatile int state = PENDING;

	/** The {@link Runnable} or {@link Callable} exactly as it was submitted. */
	private final Object task;

	/** Submitted through {@code execute}: nobody holds the future, so a failure is rethrown to the delegate. */
	private final boolean executed;

	private final TaskLedger ledger;

	/** Receives this future when it completes, for {@code invokeAny}; {@code null} otherwise. */
	private final @Nullable Queue<Future<V>> completions;

	private final TaskStop stop = new TaskStop();

	private final int hash = ThreadLocalRandom.current().nextInt();

	/** The thread running the body; {@code null} before and after. */
	private volatile @Nullable Thread runner;

	/** Running thread only: how the body ended, {@code null} if it never started. */
	private @Nullable TaskOutcome outcome;

	/** Running thread only: what the body threw. */
	private @Nullable Throwable failure;

	private ExecutorTask(Callable<V> callable, Object task, boolean executed, TaskLedger ledger,
			@Nullable Queue<Future<V>> completions) {
		super(callable);
		this.task = task;
		this.executed = executed;
		this.ledger = ledger;
		this.completions = completions;
	}

	private ExecutorTask(Runnable runnable, @Nullable V result, boolean executed, TaskLedger ledger) {
		super(runnable, result);
		this.task = runnable;
		this.executed = executed;
		this.ledger = ledger;
		this.completions = null;
	}

	/**
	 * Create a task for a submitted callable.
	 * @param <V> the result type
	 * @param callable the callable
	 * @param ledger the executor's ledger
	 * @param completions where to put the future when it completes, or {@code null}
	 * @return the task, {@code PENDING}
	 */
	public static <V> ExecutorTask<V> of(Callable<V> callable, TaskLedger ledger,
			@Nullable Queue<Future<V>> completions) {
		return new ExecutorTask<>(callable, callable, false, ledger, completions);
	}

	/**
	 * Create a task for a runnable submitted through {@code submit}.
	 * @param <V> the result type
	 * @param runnable the runnable
	 * @param result the result the future completes with
	 * @param ledger the executor's ledger
	 * @return the task, {@code PENDING}
	 */
	public static <V> ExecutorTask<V> of(Runnable runnable, @Nullable V result, TaskLedger ledger) {
		return new ExecutorTask<>(runnable, result, false, ledger);
	}

	/**
	 * Create a task for a runnable submitted through {@code execute}: as with any executor, an
	 * exception it throws (other than {@code ThreadExit}) propagates to the thread that runs it.
	 * @param runnable the runnable
	 * @param ledger the executor's ledger
	 * @return the task, {@code PENDING}
	 */
	public static ExecutorTask<Void> executed(Runnable runnable, TaskLedger ledger) {
		return new ExecutorTask<>(runnable, null, true, ledger);
	}

	/**
	 * Return the task exactly as it was submitted.
	 * @return the {@link Runnable} or {@link Callable}
	 */
	public Object task() {
		return this.task;
	}

	/**
	 * Return the task as a {@link Runnable}: the submitted runnable, or a {@link CallableRunnable} for a
	 * callable.
	 * @return the runnable
	 */
	@SuppressWarnings("unchecked")
	public Runnable asRunnable() {
		return (this.task instanceof Runnable runnable) ? runnable
				: new CallableRunnable<>((Callable<V>) this.task);
	}

	/**
	 * Whether the task was accepted and has not started, been handed back, cancelled or rejected.
	 * @return {@code true} while {@code PENDING}
	 */
	public boolean isPending() {
		return this.state == PENDING;
	}

	/**
	 * Whether the task's body is running (or about to start or just ending).
	 * @return {@code true} while {@code RUNNING}
	 */
	public boolean isRunning() {
		return this.state == RUNNING;
	}

	/**
	 * Return the thread running the task.
	 * @return the thread, or {@code null} if the body is not running
	 */
	public @Nullable Thread runner() {
		return this.runner;
	}

	/**
	 * Run the body in its {@link TaskScope} if the task is still {@code PENDING}; otherwise do nothing.
	 */
	@Override
	public void run() {
		if (!STATE.compareAndSet(this, PENDING, RUNNING)) {
			// Handed back, cancelled or rejected: whoever won the CAS accounted for it.
			return;
		}
		// Release stores: the runner is only reported, and DONE is only read by walks that skip it anyway.
		RUNNER.setRelease(this, Thread.currentThread());
		try {
			this.stop.run(super::run);
		}
		finally {
			RUNNER.setRelease(this, null);
			if (this.outcome == null) {
				// FutureTask skipped the body: the future was cancelled between our CAS and its start.
				this.outcome = TaskOutcome.CANCELLED;
				this.ledger.record(TaskOutcome.CANCELLED);
			}
			STATE.setRelease(this, DONE);
			this.ledger.remove(this);
		}
		if (this.executed && this.outcome == TaskOutcome.FAILED) {
			rethrow(this.failure);
		}
	}

	/** Counted before the future completes, so a caller of {@code get()} sees the counter already. */
	@Override
	protected void set(V value) {
		this.outcome = TaskOutcome.COMPLETED;
		this.ledger.record(TaskOutcome.COMPLETED);
		super.set(value);
	}

	@Override
	protected void setException(Throwable ex) {
		this.outcome = (ex instanceof ThreadExit) ? TaskOutcome.STOPPED : TaskOutcome.FAILED;
		this.failure = ex;
		this.ledger.record(this.outcome);
		super.setException(ex);
	}

	@Override
	protected void done() {
		if (this.completions != null) {
			this.completions.add(this);
		}
	}

	/**
	 * Cancel the future. A task that has not started never runs. A running task is asked to stop
	 * through its scope: softly, or with {@code mayInterruptIfRunning} also by a hard interrupt outside
	 * critical sections; it keeps running until its body returns.
	 * @param mayInterruptIfRunning whether to hard-interrupt a running body
	 * @return {@code false} if the future had already completed
	 */
	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
			end(TaskOutcome.CANCELLED);
			return true;
		}
		boolean cancelled = super.cancel(false);
		if (cancelled) {
			requestStop(mayInterruptIfRunning);
		}
		return cancelled;
	}

	/**
	 * Hand the task back if it is still {@code PENDING}: the receiver gets it, then its future
	 * completes as cancelled, and the delegate's later run of it does nothing.
	 * @param receiver takes over the task
	 * @return {@code true} if this call handed it back
	 */
	public boolean handBack(Consumer<? super ExecutorTask<V>> receiver) {
		if (!STATE.compareAndSet(this, PENDING, HANDED_BACK)) {
			return false;
		}
		this.ledger.record(TaskOutcome.HANDED_BACK);
		this.ledger.remove(this);
		try {
			receiver.accept(this);
		}
		finally {
			super.cancel(false);
		}
		return true;
	}

	/**
	 * Mark the task as refused if it is still {@code PENDING}; its future completes as cancelled.
	 * @return {@code true} if this call rejected it, {@code false} if it had already been handed back
	 * (or otherwise ended)
	 */
	public boolean reject() {
		if (!STATE.compareAndSet(this, PENDING, REJECTED)) {
			return false;
		}
		end(TaskOutcome.REJECTED);
		return true;
	}

	private void end(TaskOutcome how) {
		this.ledger.record(how);
		this.ledger.remove(this);
		super.cancel(false);
	}

	/**
	 * Ask the body to stop through its scope, unless it has already ended; remembered if it has not
	 * started.
	 * @param interrupt whether to hard-interrupt it outside critical sections
	 */
	public void requestStop(boolean interrupt) {
		this.stop.request(interrupt);
	}

	private static void rethrow(@Nullable Throwable failure) {
		if (failure instanceof RuntimeException ex) {
			throw ex;
		}
		if (failure instanceof Error ex) {
			throw ex;
		}
		throw new UndeclaredThrowableException(failure);
	}

	/**
	 * A hash code for the ledger's set, drawn once: identity equality as before, without installing an
	 * identity hash in the object header (an atomic operation) for every task.
	 */
	@Override
	public int hashCode() {
		return this.hash;
	}

	/**
	 * Identity, as for any task.
	 */
	@Override
	public boolean equals(@Nullable Object other) {
		return this == other;
	}

	@Override
	public String toString() {
		return this.task + " [" + stateName(this.state) + "]";
	}

	private static String stateName(int state) {
		return switch (state) {
			case PENDING -> "PENDING";
			case RUNNING -> "RUNNING";
			case DONE -> "DONE";
			case HANDED_BACK -> "HANDED_BACK";
			case CANCELLED -> "CANCELLED";
			default -> "REJECTED";
		};
	}

}

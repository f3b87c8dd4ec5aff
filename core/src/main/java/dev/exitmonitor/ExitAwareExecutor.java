package dev.exitmonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.exitmonitor.internal.Arguments;
import dev.exitmonitor.internal.ExecutorGate;
import dev.exitmonitor.internal.ExecutorTask;
import dev.exitmonitor.internal.Invocations;
import dev.exitmonitor.internal.TaskLedger;
import dev.exitmonitor.internal.TaskOutcome;
import dev.exitmonitor.internal.TaskSweep;

/**
 * {@link ExecutorService} that takes part in the exit of an {@link ExitMonitor}: when the exit begins
 * it stops accepting tasks, runs or hands back what is queued, asks running tasks to stop, and lets the
 * monitor join it within the shutdown deadline — with nothing lost.
 * <pre class="code">
 * ExitAwareExecutor reports = ExitAwareExecutor.builder(monitor, "reports")
 *     .threads(4)
 *     .pendingTaskPolicy(PendingTaskPolicy.HAND_BACK)
 *     .pendingTaskHandler(outbox::persist)
 *     .build();
 * reports.submit(() -&gt; {
 *     for (Page page : pages) {
 *         Exit.check();                        // throws ThreadExit on exit or Future.cancel
 *         render(page);
 *     }
 * });
 * </pre>
 *
 * <h2>At exit</h2>
 * The executor is an {@link ExitParticipant} of its monitor. In the early phase
 * {@link #requestStop(ExitReason)} closes it (later submissions are rejected with a
 * {@link RejectedExecutionException} that names the executor and the exit reason), applies the
 * {@link PendingTaskPolicy} to the tasks that have not started ({@code DRAIN} runs them,
 * {@code HAND_BACK} gives each to the {@link PendingTaskHandler} and cancels its future), asks every
 * running task to stop, and shuts the delegate down. In the late phase the monitor waits for it with
 * {@link #awaitStopped(Duration)}. Every submitted task ends exactly one way: it ran, it was handed back
 * (to the handler, or to the caller of {@link #shutdownNow()}), it was cancelled through its future
 * before it started, or its submission was rejected with an exception; {@link #snapshot()} counts each.
 *
 * <h2>Inside a task</h2>
 * Each task runs in a scope of its own: {@link Exit#requested()}, {@link Exit#check()} and the
 * exit-aware waits of {@link Exit} see {@code Future.cancel(false)} of that task (a soft stop request),
 * and {@code Future.cancel(true)} also hard-interrupts it — outside {@link Exit#critical() critical
 * sections}; inside one the interrupt is delivered when it closes. When a task ends, its stop request
 * and any interrupt this library delivered for it end with it, so the next task on the thread starts
 * clean. Tasks see the monitor's exit whether or not the delegate's threads came from
 * {@link ExitMonitor#threadFactory}: the executor passes the stop on to each task it ran or will run.
 * A task ended by {@link ThreadExit} stopped cleanly; its future's {@code get()} throws an
 * {@link ExecutionException} whose cause is the {@code ThreadExit}.
 *
 * <h2>State machine</h2>
 * See {@link ExecutorState}: {@code RUNNING → SHUT_DOWN → EXITING → TERMINATED}, where
 * {@code SHUT_DOWN} may be skipped. Only {@code RUNNING} accepts tasks; from the moment the monitor's
 * exit begins, submissions are rejected even before {@code requestStop} arrives. {@code TERMINATED} is
 * read from the delegate, and once it is observed the executor removes itself from the monitor.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe, and submissions take no lock. A submission registers its task in the executor's ledger,
 * then checks again that the executor still accepts tasks, and withdraws it if not; closing changes the
 * state before the exit walks the ledger. So every accepted task is seen by the policy applied at exit
 * (see {@code dev.exitmonitor.internal.ExecutorGate}). A task the delegate refuses while the executor
 * closes is either rejected to its submitter or, if the exit handed it back first, left to the handler — each
 * task's own CAS state machine decides (see {@code dev.exitmonitor.internal.ExecutorTask}).
 *
 * @since 0.1.0
 */
public final class ExitAwareExecutor implements ExecutorService, ExitParticipant {

	private static final Logger logger = LoggerFactory.getLogger(ExitAwareExecutor.class);

	private final ExitMonitor monitor;

	private final String name;

	private final ExecutorService delegate;

	private final PendingTaskPolicy pendingTaskPolicy;

	private final @Nullable PendingTaskHandler pendingTaskHandler;

	private final TaskLedger ledger = new TaskLedger();

	private final ExecutorGate gate;

	private ExitAwareExecutor(ExitMonitor monitor, String name, ExecutorService delegate, PendingTaskPolicy policy,
			@Nullable PendingTaskHandler handler) {
		this.monitor = monitor;
		this.name = name;
		this.delegate = delegate;
		this.pendingTaskPolicy = policy;
		this.pendingTaskHandler = handler;
		this.gate = new ExecutorGate(name, monitor, this.ledger);
	}

	/**
	 * Start building an executor over a new fixed thread pool (or over a delegate of your own, see
	 * {@link ExitAwareExecutorBuilder#wrap(ExecutorService)}).
	 * @param monitor the monitor whose exit stops the executor
	 * @param name the executor's name, used in logs, rejections and thread names
	 * @return the builder
	 * @throws IllegalArgumentException if the name is empty
	 */
	public static ExitAwareExecutorBuilder builder(ExitMonitor monitor, String name) {
		return new ExitAwareExecutorBuilder(monitor, name);
	}

	/**
	 * Make any executor service exit-aware, with the {@link PendingTaskPolicy#DRAIN} policy. The
	 * executor owns the delegate from now on: it shuts it down, and tasks must be submitted through it.
	 * @param monitor the monitor whose exit stops the executor
	 * @param name the executor's name, used in logs and rejections
	 * @param delegate the executor service that runs the tasks
	 * @return the executor, registered with the monitor
	 * @throws IllegalArgumentException if the name is empty
	 */
	public static ExitAwareExecutor wrap(ExitMonitor monitor, String name, ExecutorService delegate) {
		return builder(monitor, name).wrap(delegate);
	}

	/**
	 * Create an executor and register it with its monitor; if the monitor is already exiting, it is
	 * stopped at once.
	 */
	static ExitAwareExecutor create(ExitMonitor monitor, String name, ExecutorService delegate,
			PendingTaskPolicy policy, @Nullable PendingTaskHandler handler) {
		ExitAwareExecutor executor = new ExitAwareExecutor(monitor, name, delegate, policy, handler);
		monitor.addParticipant(executor);
		// The monitor asks participants added after its early phase to stop, but not those added while
		// that phase runs: check again after adding (requestStop is idempotent).
		ExitReason reason = monitor.reason().orElse(null);
		if (reason != null) {
			executor.requestStop(reason);
		}
		return executor;
	}

	// ---- submitting ----

	@Override
	public void execute(Runnable command) {
		schedule(ExecutorTask.executed(Objects.requireNonNull(command, "'command' must not be null"), this.ledger));
	}

	@Override
	public Future<?> submit(Runnable task) {
		return schedule(ExecutorTask.of(requireTask(task), null, this.ledger));
	}

	@Override
	public <T> Future<T> submit(Runnable task, T result) {
		return schedule(ExecutorTask.of(requireTask(task), result, this.ledger));
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		return schedule(ExecutorTask.of(requireTask(task), this.ledger, null));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
		return Invocations.invokeAll(tasks, this::submit, -1);
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException {
		return Invocations.invokeAll(tasks, this::submit, nonNegativeNanos(timeout, unit));
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
		try {
			return Invocations.invokeAny(tasks, this::submitReporting, -1);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("An untimed invokeAny cannot time out", ex);
		}
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return Invocations.invokeAny(tasks, this::submitReporting, nonNegativeNanos(timeout, unit));
	}

	private <T> Future<T> submitReporting(Callable<T> task, BlockingQueue<Future<T>> completions) {
		return schedule(ExecutorTask.of(requireTask(task), this.ledger, completions));
	}

	private <T> ExecutorTask<T> schedule(ExecutorTask<T> task) {
		this.gate.admit(task);
		try {
			this.delegate.execute(task);
		}
		catch (RejectedExecutionException ex) {
			boolean rejected = task.reject();
			restartStrandedQueue();
			if (rejected) {
				throw this.gate.rejection(ex);
			}
			// The exit handed the task back before the delegate refused it: the handler owns it now.
		}
		return task;
	}

	/**
	 * Start a thread for the delegate's queue if its refusal may have left that queue without one. A
	 * {@link ThreadPoolExecutor} below its core size counts a new thread first and creates it afterwards;
	 * submissions arriving meanwhile are queued without starting another. If the pool is shut down before
	 * that thread is added, it refuses to add it (the submission that wanted it is rejected here), and the
	 * tasks queued meanwhile would have no thread to run them: the pool would never terminate. Adding a
	 * thread without a first task is allowed while a shut-down pool still has queued tasks, and does
	 * nothing otherwise.
	 */
	private void restartStrandedQueue() {
		if (this.delegate instanceof ThreadPoolExecutor pool && pool.isShutdown()) {
			try {
				pool.prestartCoreThread();
			}
			catch (RuntimeException ex) {
				logger.warn("Executor '{}' could not start a thread for the tasks still queued in its shut-down "
						+ "delegate", this.name, ex);
			}
		}
	}

	// ---- shutting down ----

	/**
	 * Stop accepting tasks; tasks already submitted still run (or, if the exit begins meanwhile, follow
	 * the pending task policy). Does not wait.
	 */
	@Override
	public void shutdown() {
		this.gate.close(ExecutorState.SHUT_DOWN, null);
		this.delegate.shutdown();
	}

	/**
	 * Stop accepting tasks, take back every task that has not started, and ask the running ones to stop
	 * as {@code Future.cancel(true)} would: softly, plus a hard interrupt outside critical sections. The
	 * tasks taken back are handed back to the caller (counted as handed back) and their futures complete
	 * as cancelled; the executor never runs them. Does not wait.
	 * @return the unstarted tasks as submitted; a {@link Callable} comes as a {@link Runnable} that also
	 * implements {@code Callable} and delegates to it
	 */
	@Override
	public List<Runnable> shutdownNow() {
		this.gate.close(ExecutorState.SHUT_DOWN, null);
		List<Runnable> unstarted = new ArrayList<>();
		TaskSweep.sweep(this.ledger, (task) -> unstarted.add(task.asRunnable()), true);
		this.delegate.shutdown();
		return unstarted;
	}

	@Override
	public boolean isShutdown() {
		return !this.gate.isAccepting() || this.delegate.isShutdown();
	}

	@Override
	public boolean isTerminated() {
		return state() == ExecutorState.TERMINATED;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		Objects.requireNonNull(unit, "'unit' must not be null");
		boolean terminated = this.delegate.awaitTermination(timeout, unit);
		if (terminated) {
			terminated();
		}
		return terminated;
	}

	/** Leave the monitor; called (perhaps more than once) once the delegate has terminated. */
	void terminated() {
		this.monitor.removeParticipant(this);
	}

	// ---- exit participant ----

	@Override
	public String name() {
		return this.name;
	}

	/**
	 * Stop accepting tasks, apply the pending task policy, ask every running task (and, under
	 * {@link PendingTaskPolicy#DRAIN}, every queued one) to stop through its scope, and shut the delegate
	 * down. Idempotent; does not block, but calls the {@link PendingTaskHandler} in the calling thread.
	 * @param reason why the application is exiting
	 */
	@Override
	public void requestStop(ExitReason reason) {
		Objects.requireNonNull(reason, "'reason' must not be null");
		if (!this.gate.close(ExecutorState.EXITING, reason)) {
			return;
		}
		// Under DRAIN queued tasks are asked to stop too: they see the exit when they run, on any thread.
		TaskSweep sweep = TaskSweep.sweep(this.ledger,
				(this.pendingTaskPolicy == PendingTaskPolicy.HAND_BACK) ? this::handBack : null, false);
		this.delegate.shutdown();
		logger.info("Executor '{}' stopped accepting tasks because the application is exiting ({}); {} tasks handed "
				+ "back, {} running or queued tasks asked to stop", this.name, reason, sweep.handedBack(),
				sweep.askedToStop());
	}

	private void handBack(ExecutorTask<?> task) {
		PendingTaskHandler handler = Objects.requireNonNull(this.pendingTaskHandler);
		try {
			handler.handBack(task.task());
		}
		catch (RuntimeException ex) {
			logger.error("Executor '{}' could not hand back task {}; it will not run", this.name, task.task(), ex);
		}
	}

	@Override
	public boolean awaitStopped(Duration timeout) throws InterruptedException {
		Arguments.requireNonNegative(timeout, "timeout");
		return awaitTermination(Exit.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
	}

	@Override
	public List<RunningThread> runningThreads() {
		List<RunningThread> running = new ArrayList<>();
		for (ExecutorTask<?> task : this.ledger.live()) {
			Thread runner = task.runner();
			if (runner != null) {
				running.add(new RunningThread(this.name, runner));
			}
		}
		return running;
	}

	// ---- monitoring ----

	/**
	 * Return the executor's state; {@code TERMINATED} once the delegate has terminated after a shutdown
	 * or exit.
	 * @return the state
	 */
	public ExecutorState state() {
		ExecutorState current = this.gate.state();
		if (current != ExecutorState.RUNNING && this.delegate.isTerminated()) {
			terminated();
			return ExecutorState.TERMINATED;
		}
		return current;
	}

	/**
	 * Return the executor's counters.
	 * @return a snapshot
	 */
	public ExecutorSnapshot snapshot() {
		TaskLedger books = this.ledger;
		return new ExecutorSnapshot(this.name, state(), books.attempts(), books.count(TaskOutcome.COMPLETED),
				books.count(TaskOutcome.FAILED), books.count(TaskOutcome.STOPPED), books.count(TaskOutcome.CANCELLED),
				books.count(TaskOutcome.HANDED_BACK), books.count(TaskOutcome.REJECTED), books.queued(),
				books.running());
	}

	/**
	 * Return the pending task policy.
	 * @return the policy
	 */
	public PendingTaskPolicy pendingTaskPolicy() {
		return this.pendingTaskPolicy;
	}

	@Override
	public String toString() {
		return "ExitAwareExecutor '" + this.name + "' [" + state() + "]";
	}

	private static <T> T requireTask(T task) {
		return Objects.requireNonNull(task, "'task' must not be null");
	}

	private static long nonNegativeNanos(long timeout, TimeUnit unit) {
		Objects.requireNonNull(unit, "'unit' must not be null");
		return Math.max(0, unit.toNanos(timeout));
	}

}

package dev.exitmonitor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitParticipant.RunningThread;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.Interruption;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerSnapshot;
import dev.exitmonitor.WorkerState;

/**
 * One worker of a worker group: its threads, its {@link WorkerState} machine, its counters.
 * <p>
 * Thread-safety: state changes and the thread list are guarded by {@link #stateLock}; the state is
 * read without the lock through the volatile {@link #state}. Counters are atomics. The pause gate is
 * guarded by {@link #pauseLock}. Each start creates a new <em>generation</em> of threads; a thread's
 * soft stop flag never clears, so a stopped generation is never reused. The idle listener runs after the
 * unit that ended last settled the state, outside the lock, in that unit's thread.
 *
 * @since 0.1.0
 */
public final class ManagedWorker implements WorkerHandle {

	private static final Logger logger = LoggerFactory.getLogger(ManagedWorker.class);

	private final WorkerDefinition definition;

	private final ExitMonitor monitor;

	private final ThreadFactory threadFactory;

	/** Told each time the worker becomes idle; see {@link #unitEnded(boolean)}. */
	private final Consumer<? super ManagedWorker> idleListener;

	private final ReentrantLock stateLock = new ReentrantLock();

	private final Condition idle = this.stateLock.newCondition();

	/** Written under {@link #stateLock}; read without it. */
	private volatile WorkerState state = WorkerState.NEW;

	/** Threads of the current generation. Guarded by {@link #stateLock}. */
	private final List<Thread> threads = new ArrayList<>();

	/**
	 * Running threads (or 1 for a running async stage): set under {@link #stateLock} when a generation starts,
	 * counted down without it as units end (thousands of threads ending at once must not queue on the lock);
	 * the unit that counts it down to zero settles the worker's state under the lock.
	 */
	private final AtomicInteger liveUnits = new AtomicInteger();

	/**
	 * A unit of the current generation ended with a failure that was not restarted: written before the unit
	 * counts {@link #liveUnits} down, so the last unit sees it.
	 */
	private volatile boolean generationFailed;

	/** Stop signal of the current generation. Guarded by {@link #stateLock} for replacement. */
	private volatile CompletableFuture<Void> stopSignal = new CompletableFuture<>();

	private volatile @Nullable CompletableFuture<?> asyncStage;

	private final ReentrantLock pauseLock = new ReentrantLock();

	private final Condition unpaused = this.pauseLock.newCondition();

	/** Written under {@link #pauseLock}. */
	private volatile boolean paused;

	final AtomicLong iterations = new AtomicLong();

	final AtomicLong failures = new AtomicLong();

	final AtomicLong restarts = new AtomicLong();

	private volatile WorkerSnapshot.@Nullable ErrorSnapshot lastError;

	private volatile @Nullable Instant startedAt;

	private volatile @Nullable Instant stoppedAt;

	/**
	 * Create a worker.
	 * @param definition what to run
	 * @param monitor the monitor it obeys
	 * @param threadFactory creates its threads; they are bound to the monitor here
	 * @param idleListener called each time the worker becomes {@code STOPPED} or {@code FAILED}, in the
	 * thread that ended last (or that completed the async stage), after the state changed and outside the
	 * worker's lock; it must not throw
	 */
	public ManagedWorker(WorkerDefinition definition, ExitMonitor monitor, ThreadFactory threadFactory,
			Consumer<? super ManagedWorker> idleListener) {
		this.definition = definition;
		this.monitor = monitor;
		this.threadFactory = monitor.threadFactory(threadFactory, definition.interruptMode());
		this.idleListener = Objects.requireNonNull(idleListener, "'idleListener' must not be null");
	}

	@Override
	public String name() {
		return this.definition.name();
	}

	/**
	 * Return the definition.
	 * @return the definition
	 */
	public WorkerDefinition definition() {
		return this.definition;
	}

	@Override
	public WorkerState state() {
		return this.state;
	}

	ExitMonitor monitor() {
		return this.monitor;
	}

	@Override
	public void start() {
		List<Thread> started = new ArrayList<>();
		this.stateLock.lock();
		try {
			if (!this.state.isIdle()) {
				throw new IllegalStateException("Expected worker '" + name() + "' to be NEW, STOPPED or FAILED to start it, but was "
						+ this.state);
			}
			if (this.monitor.isExitRequested()) {
				throw new IllegalStateException("Cannot start worker '" + name() + "': exit monitor '"
						+ this.monitor.name() + "' is exiting");
			}
			this.state = WorkerState.STARTING;
			this.threads.clear();
			this.generationFailed = false;
			this.stopSignal = new CompletableFuture<>();
			this.startedAt = Instant.now();
			this.stoppedAt = null;
			if (this.definition.style() == WorkerDefinition.Style.ASYNC) {
				this.liveUnits.set(1);
			}
			else {
				for (int i = 1; i <= this.definition.concurrency(); i++) {
					Thread thread = this.threadFactory.newThread(new WorkerThreadBody(this, i));
					thread.setName(name() + "-" + i);
					this.threads.add(thread);
					started.add(thread);
				}
				this.liveUnits.set(started.size());
			}
			this.state = WorkerState.RUNNING;
		}
		finally {
			this.stateLock.unlock();
		}
		logger.debug("Starting worker '{}'", name());
		if (this.definition.style() == WorkerDefinition.Style.ASYNC) {
			startAsync();
		}
		started.forEach(Thread::start);
	}

	private void startAsync() {
		WorkerThreadBody.Context context = new WorkerThreadBody.Context(this, 1);
		CompletionStage<?> stage;
		try {
			stage = Objects.requireNonNull(this.definition.asyncBody()).start(context);
			Objects.requireNonNull(stage, () -> "Async worker '" + name() + "' returned a null CompletionStage");
		}
		catch (Throwable ex) {
			recordFailure(ex);
			unitEnded(!this.stopSignal.isDone());
			return;
		}
		CompletableFuture<?> future = stage.toCompletableFuture();
		this.asyncStage = future;
		future.whenComplete((result, ex) -> {
			boolean failed = ex != null && !future.isCancelled() && !this.stopSignal.isDone();
			if (failed) {
				recordFailure(ex);
			}
			unitEnded(failed);
		});
	}

	@Override
	public void stop() {
		// Once the monitor's exit pass runs, it asks every thread of its factory to stop, these included (a thread
		// that starts later is asked as it starts): asking again would repeat the signal (an unpark of each parked
		// thread, thousands at once in a large group). This may return before the pass has reached them, as a stop
		// from another thread can; stop() never waits for the threads in any case.
		boolean leftToTheExit = this.monitor.isStopSignalled();
		List<Thread> toStop;
		this.stateLock.lock();
		try {
			if (this.state == WorkerState.STARTING || this.state == WorkerState.RUNNING) {
				this.state = WorkerState.STOPPING;
			}
			toStop = leftToTheExit ? List.of() : new ArrayList<>(this.threads);
		}
		finally {
			this.stateLock.unlock();
		}
		this.stopSignal.complete(null);
		for (Thread thread : toStop) {
			Interruption.request(thread);
		}
	}

	@Override
	public void interrupt() {
		stop();
		for (RunningThread running : runningThreads()) {
			Interruption.escalate(running.thread());
		}
	}

	/**
	 * Mark the worker as straggling if it is still stopping, and cancel a running async stage.
	 */
	public void deadlinePassed() {
		this.stateLock.lock();
		try {
			if (this.state == WorkerState.STOPPING || this.state == WorkerState.RUNNING) {
				this.state = WorkerState.STRAGGLING;
			}
		}
		finally {
			this.stateLock.unlock();
		}
		CompletableFuture<?> stage = this.asyncStage;
		if (stage != null && !stage.isDone()) {
			logger.warn("Cancelling async worker '{}': still running at the shutdown deadline", name());
			stage.cancel(true);
		}
	}

	/**
	 * Return the live threads of the worker.
	 * @return the threads, with the worker's name
	 */
	public List<RunningThread> runningThreads() {
		List<RunningThread> running = new ArrayList<>();
		this.stateLock.lock();
		try {
			for (Thread thread : this.threads) {
				if (thread.isAlive()) {
					running.add(new RunningThread(name(), thread));
				}
			}
		}
		finally {
			this.stateLock.unlock();
		}
		return running;
	}

	@Override
	public void pause() {
		requireLoop("paused");
		setPaused(true);
	}

	@Override
	public void resume() {
		requireLoop("resumed");
		setPaused(false);
	}

	private void requireLoop(String action) {
		if (this.definition.style() != WorkerDefinition.Style.LOOP) {
			throw new IllegalStateException("Worker '" + name() + "' is a " + this.definition.style()
					+ " worker; only LOOP workers can be " + action + " (between iterations)");
		}
	}

	private void setPaused(boolean value) {
		this.pauseLock.lock();
		try {
			this.paused = value;
			this.unpaused.signalAll();
		}
		finally {
			this.pauseLock.unlock();
		}
	}

	/**
	 * Called by a worker thread between iterations: wait while paused (exit-aware).
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	void awaitUnpaused() throws InterruptedException {
		if (!this.paused) {
			return;
		}
		this.pauseLock.lock();
		try {
			while (this.paused) {
				Exit.await(this.unpaused);
			}
		}
		finally {
			this.pauseLock.unlock();
		}
	}

	void recordFailure(Throwable ex) {
		this.failures.incrementAndGet();
		this.lastError = new WorkerSnapshot.ErrorSnapshot(ex.getClass().getName(), ex.getMessage(), Instant.now());
		logger.error("Worker '{}' failed (failure policy {})", name(), this.definition.failurePolicy(), ex);
		if (this.definition.failurePolicy() == FailurePolicy.STOP_APPLICATION) {
			ExitReason reason = ExitReason.failure("worker '" + name() + "' failed: " + ex,
					this.definition.failureExitCode());
			// Begin the exit from a separate thread: the early phase asks this very worker to stop.
			Thread exiter = new Thread(() -> this.monitor.requestExit(reason), "exit-monitor-stop-application");
			exiter.setDaemon(true);
			exiter.start();
			// The exit must have begun (its reason set) before this worker counts as ended, or a watcher of
			// idle workers could begin a normal exit first and win with exit code 0.
			try {
				this.monitor.awaitExit(Duration.ofSeconds(10));
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Called when a thread (or the async stage) of the current generation ends. The unit that ends last
	 * settles the state and then tells the idle listener.
	 * @param failed whether it ended with a failure that was not restarted
	 */
	void unitEnded(boolean failed) {
		if (failed) {
			this.generationFailed = true;
		}
		if (this.liveUnits.decrementAndGet() != 0) {
			return;
		}
		this.stateLock.lock();
		try {
			this.state = this.generationFailed ? WorkerState.FAILED : WorkerState.STOPPED;
			this.stoppedAt = Instant.now();
			this.asyncStage = null;
			this.idle.signalAll();
			logger.info("Worker '{}' is {}", name(), this.state);
		}
		finally {
			this.stateLock.unlock();
		}
		// Outside the lock: the listener may read the state of every worker of the group.
		this.idleListener.accept(this);
	}

	CompletableFuture<Void> stopSignal() {
		return this.stopSignal;
	}

	@Override
	public boolean awaitStopped(Duration timeout) throws InterruptedException {
		Arguments.requireNonNegative(timeout, "timeout");
		long nanos = timeout.toNanos();
		this.stateLock.lock();
		try {
			// Idle once the last unit settled the state (a new generation starts only from an idle state).
			while (!this.state.isIdle()) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.idle.awaitNanos(nanos);
			}
			return true;
		}
		finally {
			this.stateLock.unlock();
		}
	}

	@Override
	public WorkerSnapshot snapshot() {
		WorkerState current = this.state;
		List<WorkerSnapshot.ThreadSnapshot> threadSnapshots = new ArrayList<>();
		for (RunningThread running : runningThreads()) {
			Thread thread = running.thread();
			List<StackTraceElement> stack = (current == WorkerState.STRAGGLING) ? List.of(thread.getStackTrace())
					: List.of();
			threadSnapshots.add(new WorkerSnapshot.ThreadSnapshot(thread.getName(), thread.getState(),
					ThreadStates.criticalSince(thread), stack));
		}
		return new WorkerSnapshot(name(), this.definition.style(), current, this.paused, threadSnapshots,
				this.iterations.get(), this.failures.get(), this.restarts.get(), this.lastError, this.startedAt,
				this.stoppedAt, this.stopSignal.isDone());
	}

	@Override
	public String toString() {
		return name() + " [" + this.state + "]";
	}

}

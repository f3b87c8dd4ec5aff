package dev.exitmonitor;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.exitmonitor.internal.Arguments;
import dev.exitmonitor.internal.ExitCallbacks;
import dev.exitmonitor.internal.ExitChannels;
import dev.exitmonitor.internal.ExitPath;
import dev.exitmonitor.internal.PhaseTracker;
import dev.exitmonitor.internal.ShutdownJoin;
import dev.exitmonitor.internal.SignalRound;
import dev.exitmonitor.internal.ThreadState;
import dev.exitmonitor.internal.ThreadStates;

/**
 * The exit state of an application: whether it is exiting, why, and how far the exit has got.
 * <p>
 * Threads learn of the exit through {@link Exit} (flags, checks, exit-aware waits), through
 * {@link #exitFuture()}, {@link #onExit(Runnable)}, or an NIO {@link #exitChannel()}. One global
 * instance serves plain Java applications ({@link #global()}); {@link #create(String)} makes separate
 * instances, for example one per Spring application context, that never share exit state. A thread
 * started through {@link #threadFactory(ThreadFactory, InterruptMode)} obeys its monitor for life; other
 * threads obey the global monitor.
 *
 * <h2>Phases</h2>
 * See {@link ExitPhase}. {@link #requestExit(ExitReason)} moves {@code RUNNING → EXIT_REQUESTED} and
 * runs the early phase in the calling thread: early callbacks first (the workers still work), then
 * every thread of the monitor is asked to stop (flags, exit-aware waits, exit channels) and every
 * {@link ExitParticipant} is asked to stop; then {@code EARLY_EXIT_DONE}. {@link #completeExit(Duration)} joins the participants
 * within a deadline ({@code JOINED}), then runs the late callbacks ({@code LATE_EXIT_DONE}).
 *
 * <h2>Thread-safety</h2>
 * All methods are thread-safe. The first reason wins: the reason is set once by CAS, and only the
 * thread whose CAS succeeds runs the early phase; only one thread runs the late phase and other callers
 * of {@link #completeExit(Duration)} wait for it.
 *
 * @since 0.1.0
 */
public final class ExitMonitor {

	private static final Logger logger = LoggerFactory.getLogger(ExitMonitor.class);

	private static final ExitMonitor GLOBAL = new ExitMonitor("global");

	static {
		// Loaded now, while the application starts, rather than by a cold JVM in the middle of its shutdown.
		ExitPath.load();
	}

	/** How often a caller of {@link #completeExit(Duration)} waiting for another one looks again. */
	private static final Duration LATE_PHASE_POLL = Duration.ofMillis(100);

	private final String name;

	/** The exit reason; {@code null} while running. Set once, by CAS. */
	private final AtomicReference<@Nullable ExitReason> reason = new AtomicReference<>();

	/** Mirrors {@code reason != null}; the single volatile read behind {@link #isExitRequested()}. */
	private volatile boolean exitRequested;

	/** Set after the early callbacks ran: the monitor's threads are now asked to stop. */
	private volatile boolean threadsSignalled;

	private volatile @Nullable Instant requestedAt;

	private final PhaseTracker phases = new PhaseTracker();

	private final CompletableFuture<ExitReason> exitFuture = new CompletableFuture<>();

	/** Guarded by {@code this}; {@code null} once the exit fired and the actions were taken. */
	private @Nullable List<Runnable> onExitActions = new ArrayList<>();

	private final ExitCallbacks earlyCallbacks;

	private final ExitCallbacks lateCallbacks;

	private final ExitChannels channels = new ExitChannels();

	private final List<ExitParticipant> participants = new CopyOnWriteArrayList<>();

	private final AtomicBoolean lateExitStarted = new AtomicBoolean();

	/** How many times {@link #requestStopAll()} was called; a thread made before a call and started after it obeys it. */
	private final AtomicInteger stopAllRequests = new AtomicInteger();

	private volatile StragglerSettings stragglerSettings = StragglerSettings.defaults();

	private volatile ProcessTerminator processTerminator = ProcessTerminator.jvm();

	private volatile @Nullable ShutdownReport shutdownReport;

	private ExitMonitor(String name) {
		this.name = name;
		this.earlyCallbacks = new ExitCallbacks(name, "early");
		this.lateCallbacks = new ExitCallbacks(name, "late");
	}

	/**
	 * Return the process-wide monitor, obeyed by every thread that no other monitor started.
	 * @return the global monitor
	 */
	public static ExitMonitor global() {
		return GLOBAL;
	}

	/**
	 * Create a separate monitor, with exit state of its own.
	 * @param name a name for logs and monitoring
	 * @return a new monitor in phase {@link ExitPhase#RUNNING}
	 * @throws IllegalArgumentException if the name is empty
	 */
	public static ExitMonitor create(String name) {
		Objects.requireNonNull(name, "'name' must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("'name' must not be empty");
		}
		return new ExitMonitor(name);
	}

	/**
	 * Return the monitor's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Begin the exit: complete {@link #exitFuture()}, run {@link #onExit(Runnable)} actions, then run the
	 * early phase in the calling thread: the early callbacks, then set every thread's stop flag, wake
	 * every exit-aware wait of the monitor's threads, make every {@link #exitChannel()} readable, and
	 * ask every participant to stop. Idempotent: only the first call does anything, and its reason is
	 * kept.
	 * @param reason why the application exits
	 * @return {@code true} if this call began the exit
	 */
	public boolean requestExit(ExitReason reason) {
		Objects.requireNonNull(reason, "'reason' must not be null");
		if (!this.reason.compareAndSet(null, reason)) {
			return false;
		}
		// Raised before the request is dated: a critical section that did not see it is older than the request.
		ThreadStates.armStopSignal();
		this.requestedAt = Instant.now();
		this.exitRequested = true;
		this.phases.advanceTo(ExitPhase.EXIT_REQUESTED);
		logger.info("Exit monitor '{}' is exiting: {}", this.name, reason);
		this.exitFuture.complete(reason);
		runOnExitActions();
		runEarlyPhase(reason);
		return true;
	}

	/**
	 * Tell every thread of this monitor to stop: set the flag they see through {@link Exit}, wake their
	 * exit-aware waits, make every exit channel readable.
	 */
	private void signalThreads() {
		// The process-wide stop signal was raised when the exit was requested.
		this.threadsSignalled = true;
		SignalRound.signalAll(ThreadStates.boundTo(this));
		this.channels.fire();
	}

	private void runOnExitActions() {
		List<Runnable> actions;
		synchronized (this) {
			actions = this.onExitActions;
			this.onExitActions = null;
		}
		if (actions != null) {
			// A loop, not a method reference: the exit would spin the reference's class, cold, on its way to the threads.
			for (Runnable action : actions) {
				runAction(action);
			}
		}
	}

	private void runEarlyPhase(ExitReason reason) {
		if (this.earlyCallbacks.start()) {
			this.earlyCallbacks.runAll(reason);
		}
		signalThreads();
		for (ExitParticipant participant : this.participants) {
			try {
				participant.requestStop(reason);
			}
			catch (RuntimeException ex) {
				logger.error("Asking {} to stop failed", participant.name(), ex);
			}
		}
		this.phases.advanceTo(ExitPhase.EARLY_EXIT_DONE);
	}

	/**
	 * Whether the exit has begun. One volatile read.
	 * @return {@code true} once {@link #requestExit(ExitReason)} was called
	 */
	public boolean isExitRequested() {
		return this.exitRequested;
	}

	/**
	 * Whether the threads of this monitor have been asked to stop: set right after the early callbacks
	 * ran, so that early callbacks run while the workers still work. One volatile read.
	 * @return {@code true} once the monitor's threads see {@link Exit#requested()}
	 */
	public boolean isStopSignalled() {
		return this.threadsSignalled;
	}

	/**
	 * Wait until the exit begins or the timeout elapses.
	 * @param timeout how long to wait; must not be negative
	 * @return {@code true} if the exit has begun
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	public boolean awaitExit(Duration timeout) throws InterruptedException {
		Arguments.requireNonNegative(timeout, "timeout");
		try {
			this.exitFuture.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Exit future cannot fail", ex);
		}
	}

	/**
	 * Return a future completed with the reason once the exit begins, in the thread that begins it and
	 * before the early phase runs (at once if the exit has begun). Each call returns a new future, so
	 * completing or cancelling it does not affect the monitor.
	 * @return the future
	 */
	public CompletableFuture<ExitReason> exitFuture() {
		// Not a copy() of the monitor's own future: a copy is completed by whichever thread helps complete the
		// original's dependents, possibly after the exit thread has moved on to the early phase.
		CompletableFuture<ExitReason> future = new CompletableFuture<>();
		onExit(() -> future.complete(this.reason.get()));
		return future;
	}

	/**
	 * Run an action when the exit begins, in the thread that begins it; at once, in the calling thread,
	 * if it has already begun. Each action runs exactly once; one that throws is logged.
	 * @param action the action
	 */
	public void onExit(Runnable action) {
		Objects.requireNonNull(action, "'action' must not be null");
		synchronized (this) {
			if (this.onExitActions != null) {
				this.onExitActions.add(action);
				return;
			}
		}
		runAction(action);
	}

	private void runAction(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			logger.error("Exit action {} of exit monitor '{}' failed", action, this.name, ex);
		}
	}

	/**
	 * Return why the exit began.
	 * @return the reason, or empty while running
	 */
	public Optional<ExitReason> reason() {
		return Optional.ofNullable(this.reason.get());
	}

	/**
	 * Return when the exit began.
	 * @return the instant, or empty while running
	 */
	public Optional<Instant> requestedAt() {
		return Optional.ofNullable(this.requestedAt);
	}

	/**
	 * Return the current phase.
	 * @return the phase
	 */
	public ExitPhase phase() {
		return this.phases.current();
	}

	/**
	 * Wait until the monitor reaches the given phase or the timeout elapses.
	 * @param phase the phase to wait for
	 * @param timeout how long to wait; must not be negative
	 * @return {@code true} if the phase was reached
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	public boolean awaitPhase(ExitPhase phase, Duration timeout) throws InterruptedException {
		Objects.requireNonNull(phase, "'phase' must not be null");
		Arguments.requireNonNegative(timeout, "timeout");
		return this.phases.await(phase, timeout);
	}

	/**
	 * Open a non-blocking channel, registrable with any NIO {@link java.nio.channels.Selector} for
	 * {@code OP_READ}, that becomes readable once the exit begins (a read then returns {@code -1}).
	 * Each call opens a new pipe owned by the caller, who should close it when done.
	 * @return the channel
	 * @throws IOException if the pipe cannot be opened
	 */
	public Pipe.SourceChannel exitChannel() throws IOException {
		return this.channels.open();
	}

	/**
	 * Register a callback for the early phase: it runs when the exit begins, before anything waits
	 * for workers. Early callbacks may register late callbacks.
	 * @param callback the callback
	 * @throws IllegalStateException if the early phase has already started
	 */
	public void registerEarly(ExitCallback callback) {
		this.earlyCallbacks.add(callback);
	}

	/**
	 * Register a callback for the late phase: it runs after every participant was joined (or the
	 * straggler policy was applied).
	 * @param callback the callback
	 * @throws IllegalStateException if the late phase has already started
	 */
	public void registerLate(ExitCallback callback) {
		this.lateCallbacks.add(callback);
	}

	/**
	 * Add a participant to ask to stop in the early phase and to join in the late phase. A participant
	 * added after the exit began is asked to stop at once. {@link ExitParticipant#requestStop} may thus
	 * be called more than once and must be idempotent.
	 * @param participant the participant
	 */
	public void addParticipant(ExitParticipant participant) {
		Objects.requireNonNull(participant, "'participant' must not be null");
		this.participants.add(participant);
		ExitReason current = this.reason.get();
		if (current != null) {
			// Added after the exit began: it may have missed the early phase's loop (participants must
			// accept requestStop more than once).
			participant.requestStop(current);
		}
	}

	/**
	 * Remove a participant.
	 * @param participant the participant
	 */
	public void removeParticipant(ExitParticipant participant) {
		this.participants.remove(participant);
	}

	/**
	 * Run the late phase: begin the exit if it has not begun, wait for the early phase to end (it may
	 * run in another thread; the late phase never overlaps it), join every participant and every thread
	 * of this monitor's thread factories within the timeout, apply the {@link StragglerPolicy} to what
	 * is still running, then run the late callbacks. Only one thread runs it; concurrent callers wait
	 * for it and get its report. Under {@link StragglerPolicy#ABORT} the process is ended after the late
	 * callbacks through the {@link ProcessTerminator}.
	 * @param timeout how long to wait for participants to stop; must not be negative
	 * @return what happened
	 * @throws InterruptedException if the calling thread is interrupted while waiting
	 */
	public ShutdownReport completeExit(Duration timeout) throws InterruptedException {
		Arguments.requireNonNegative(timeout, "timeout");
		requestExit(ExitReason.requested("exit completed without an explicit request"));
		while (true) {
			if (this.lateExitStarted.compareAndSet(false, true)) {
				boolean joined = false;
				try {
					ShutdownReport report = runLatePhase(timeout);
					joined = true;
					return report;
				}
				finally {
					if (!joined && !this.phases.current().isAtLeast(ExitPhase.JOINED)) {
						// Interrupted before the join ended: let the next caller run the late phase.
						this.lateExitStarted.set(false);
					}
				}
			}
			if (this.phases.await(ExitPhase.LATE_EXIT_DONE, LATE_PHASE_POLL)) {
				return Objects.requireNonNull(this.shutdownReport);
			}
		}
	}

	private ShutdownReport runLatePhase(Duration timeout) throws InterruptedException {
		// Another thread may still be running the early phase: the late phase never overlaps it.
		while (!this.phases.await(ExitPhase.EARLY_EXIT_DONE, timeout.isZero() ? LATE_PHASE_POLL : timeout)) {
			logger.warn("The early exit phase of exit monitor '{}' is still running after {} ms; the late phase waits "
					+ "for it", this.name, timeout.toMillis());
		}
		StragglerSettings settings = this.stragglerSettings;
		ShutdownJoin join = new ShutdownJoin(this, this.participants, settings, timeout);
		ShutdownReport report = join.run();
		this.shutdownReport = report;
		this.phases.advanceTo(ExitPhase.JOINED);
		if (this.lateCallbacks.start()) {
			this.lateCallbacks.runAll(Objects.requireNonNull(this.reason.get()));
		}
		this.phases.advanceTo(ExitPhase.LATE_EXIT_DONE);
		logger.info("Exit monitor '{}' finished its exit in {} ms{}", this.name, report.duration().toMillis(),
				report.allStopped() ? "" : " with " + report.stragglers().size() + " straggler(s)");
		if (join.isAbortRequired()) {
			logger.error("Ending the process with exit code {} (straggler policy ABORT)", settings.abortExitCode());
			this.processTerminator.terminate(settings.abortExitCode());
		}
		return report;
	}

	/**
	 * Return the report of the late phase.
	 * @return the report, or empty until the join of the late phase is done
	 */
	public Optional<ShutdownReport> shutdownReport() {
		return Optional.ofNullable(this.shutdownReport);
	}

	/**
	 * Set how the late phase treats stragglers.
	 * @param settings the settings
	 */
	public void setStragglerSettings(StragglerSettings settings) {
		this.stragglerSettings = Objects.requireNonNull(settings, "'settings' must not be null");
	}

	/**
	 * Return how the late phase treats stragglers.
	 * @return the settings
	 */
	public StragglerSettings stragglerSettings() {
		return this.stragglerSettings;
	}

	/**
	 * Set how {@link StragglerPolicy#ABORT} ends the process.
	 * @param processTerminator the terminator
	 */
	public void setProcessTerminator(ProcessTerminator processTerminator) {
		this.processTerminator = Objects.requireNonNull(processTerminator, "'processTerminator' must not be null");
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	/**
	 * Ask every thread bound to this monitor to stop, without beginning the exit.
	 */
	public void requestStopAll() {
		// Counted before the threads are looked up: a thread binding meanwhile sees the count or is found.
		this.stopAllRequests.incrementAndGet();
		for (ThreadState state : ThreadStates.boundTo(this)) {
			state.requestStop();
		}
	}

	/**
	 * Return a thread factory whose threads obey this monitor for life: from the moment they start,
	 * {@link Exit} consults this monitor in them and {@link #threads()} reports them, until they end. A
	 * thread that starts after the exit began, or after a {@link #requestStopAll()} that came after it was
	 * made, is asked to stop at once. A thread that is made but never started (an executor may make one and
	 * then refuse to start it) leaves nothing behind. A thread started but not yet running is not reported,
	 * so the late phase joins it only through the participant that started it (worker groups and exit-aware
	 * executors track their own threads).
	 * @param delegate the factory that creates the threads (platform or virtual)
	 * @param mode the interrupt mode of the threads
	 * @return the factory
	 */
	public ThreadFactory threadFactory(ThreadFactory delegate, InterruptMode mode) {
		Objects.requireNonNull(delegate, "'delegate' must not be null");
		Objects.requireNonNull(mode, "'mode' must not be null");
		return (runnable) -> {
			int stopAllRequestsWhenMade = this.stopAllRequests.get();
			return delegate.newThread(() -> runBound(runnable, mode, stopAllRequestsWhenMade));
		};
	}

	private void runBound(Runnable runnable, InterruptMode mode, int stopAllRequestsWhenMade) {
		// Bound by the thread itself, once it runs: a thread that never starts is never registered.
		ThreadState state = ThreadStates.bind(Thread.currentThread(), this, mode);
		try {
			// Read after binding: either this thread sees a request or the request's pass sees this thread.
			if (this.stopAllRequests.get() != stopAllRequestsWhenMade) {
				state.requestStop();
			}
			if (this.threadsSignalled) {
				state.signalStop();
			}
			runnable.run();
		}
		finally {
			ThreadStates.release();
		}
	}

	/**
	 * Return a report of every thread bound to this monitor.
	 * @return a snapshot, one entry per thread
	 */
	public List<ThreadReport> threads() {
		List<ThreadReport> reports = new ArrayList<>();
		for (ThreadState state : ThreadStates.boundTo(this)) {
			Thread thread = state.thread();
			reports.add(new ThreadReport(thread.getName(), thread.getId(), thread.getState(), state.isManaged(),
					state.isStopRequested(), ThreadStates.criticalSince(thread), state.isInInterruptibleRegion(),
					state.isWaiting()));
		}
		return reports;
	}

	@Override
	public String toString() {
		return "ExitMonitor '" + this.name + "' [" + phase() + "]";
	}

}

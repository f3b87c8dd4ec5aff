package dev.exitmonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.exitmonitor.internal.Arguments;
import dev.exitmonitor.internal.ManagedWorker;

/**
 * Runs a set of named background workers on threads bound to an {@link ExitMonitor}, and takes part in
 * the monitor's exit: its workers are asked to stop in the early phase and joined in the late phase,
 * where the monitor's {@link StragglerPolicy} handles those that do not stop in time.
 * <pre class="code">
 * ExitMonitor monitor = ExitMonitor.global();
 * WorkerGroup workers = WorkerGroup.create("app", monitor);
 * workers.add(WorkerDefinition.loop("poller", (context) -&gt; poll()).delay(Duration.ofMillis(500)).build());
 * workers.add(WorkerDefinition.longRunning("consumer", (context) -&gt; consume()).concurrency(4).build());
 * workers.start();
 * ExitPhases.installShutdownHook();     // SIGTERM: early phase stops them, late phase joins them
 * </pre>
 * <p>
 * Group states: {@code NEW} (workers can be added) → {@code RUNNING} ({@link #start()}) →
 * {@code STOPPED} ({@link #stopAll()} or the monitor's exit); a stopped group cannot start again,
 * although single workers can be stopped and started again through their {@link WorkerHandle}.
 * Thread-safe: group state and the worker map are guarded by the group's monitor lock; the actions of
 * {@link #onWorkerIdle(Consumer)} are kept in a copy-on-write list and run without any lock.
 *
 * @since 0.1.0
 */
public final class WorkerGroup implements ExitParticipant {

	private static final Logger logger = LoggerFactory.getLogger(WorkerGroup.class);

	private enum GroupState {

		NEW, RUNNING, STOPPED

	}

	private final String name;

	private final ExitMonitor monitor;

	private final ThreadFactory threadFactory;

	/** Guarded by {@code this}. */
	private final Map<String, ManagedWorker> workers = new LinkedHashMap<>();

	/** Guarded by {@code this}. */
	private GroupState state = GroupState.NEW;

	/** Run each time a worker becomes idle; copy-on-write, read without a lock. */
	private final List<Consumer<? super WorkerHandle>> idleActions = new CopyOnWriteArrayList<>();

	private WorkerGroup(String name, ExitMonitor monitor, ThreadFactory threadFactory) {
		this.name = name;
		this.monitor = monitor;
		this.threadFactory = threadFactory;
	}

	/**
	 * Create a group whose workers run on platform threads.
	 * @param name the group's name
	 * @param monitor the monitor whose exit stops the group
	 * @return the group
	 */
	public static WorkerGroup create(String name, ExitMonitor monitor) {
		return create(name, monitor, Thread::new);
	}

	/**
	 * Create a group whose workers run on threads of the given factory, for example
	 * {@code Thread.ofVirtual().factory()} on JDK 21+.
	 * @param name the group's name
	 * @param monitor the monitor whose exit stops the group
	 * @param threadFactory creates the worker threads
	 * @return the group
	 */
	public static WorkerGroup create(String name, ExitMonitor monitor, ThreadFactory threadFactory) {
		Objects.requireNonNull(name, "'name' must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("Worker group name must not be empty");
		}
		Objects.requireNonNull(monitor, "'monitor' must not be null");
		Objects.requireNonNull(threadFactory, "'threadFactory' must not be null");
		WorkerGroup group = new WorkerGroup(name, monitor, threadFactory);
		monitor.addParticipant(group);
		return group;
	}

	@Override
	public String name() {
		return "worker group '" + this.name + "'";
	}

	/**
	 * Add a worker; it starts with the group (or at once, if the group is running and the worker has
	 * auto-startup).
	 * @param definition the worker
	 * @return its handle
	 * @throws IllegalArgumentException if the name is already used in this group
	 * @throws IllegalStateException if the group was stopped, or if it runs and the worker, which would start
	 * at once, cannot start (its monitor's exit began); the worker is then not added
	 */
	public synchronized WorkerHandle add(WorkerDefinition definition) {
		Objects.requireNonNull(definition, "'definition' must not be null");
		if (this.workers.containsKey(definition.name())) {
			throw new IllegalArgumentException("Worker name '" + definition.name() + "' is already used in worker group '"
					+ this.name + "'; worker names must be unique");
		}
		requireNotStopped("add a worker to");
		ManagedWorker worker = new ManagedWorker(definition, this.monitor, this.threadFactory, this::workerIdle);
		this.workers.put(definition.name(), worker);
		if (this.state == GroupState.RUNNING && definition.autoStartup()) {
			try {
				worker.start();
			}
			catch (RuntimeException ex) {
				// Refused (the exit began before this group was asked to stop): not kept, as if never added.
				this.workers.remove(definition.name());
				throw ex;
			}
		}
		return worker;
	}

	/**
	 * Start every worker with auto-startup.
	 * @throws IllegalStateException if the group is already running or was stopped
	 */
	public synchronized void start() {
		if (this.state != GroupState.NEW) {
			throw new IllegalStateException(
					"Expected worker group '" + this.name + "' to be NEW to start it, but was " + this.state
							+ ((this.state == GroupState.STOPPED) ? "; create a new group to run workers again" : ""));
		}
		if (this.monitor.isExitRequested()) {
			throw new IllegalStateException(
					"Cannot start worker group '" + this.name + "': exit monitor '" + this.monitor.name() + "' is exiting");
		}
		this.state = GroupState.RUNNING;
		for (ManagedWorker worker : this.workers.values()) {
			if (worker.definition().autoStartup()) {
				worker.start();
			}
		}
		logger.info("Started worker group '{}' with {} worker(s)", this.name, this.workers.size());
	}

	private void requireNotStopped(String action) {
		if (this.state == GroupState.STOPPED) {
			throw new IllegalStateException("Cannot " + action + " worker group '" + this.name + "': it was stopped");
		}
	}

	/**
	 * Run an action each time a worker of this group becomes idle: its last thread, or its async stage,
	 * ended, and its state is now {@code STOPPED} or {@code FAILED}, whether it finished on its own, was
	 * asked to stop, or failed. Applies to the workers added before and after this call. Nothing runs while
	 * the workers run, so an action is how to learn of a worker ending without polling its state.
	 * <p>
	 * The action runs in the thread that ended last (a worker thread, or the thread that completed an async
	 * stage), after the worker's state changed and {@link WorkerHandle#awaitStopped(Duration)} woke its
	 * waiters. So when several workers become idle at about the same time, the action of at least one of
	 * them sees every one of them idle. It must be quick and must not block: hand anything longer, such as
	 * {@link ExitMonitor#requestExit(ExitReason) beginning the exit} (whose early phase asks this very thread
	 * to stop), to another thread. An async worker whose stage is already complete when its method returns
	 * (or whose method throws) becomes idle inside {@link #start()}, in the starting thread, while workers
	 * after it are still {@code NEW}: an action that looks at the whole group should wait for the start to
	 * return. An action that throws is logged, and the other actions still run.
	 * @param action receives the handle of the worker that became idle
	 */
	public void onWorkerIdle(Consumer<? super WorkerHandle> action) {
		Objects.requireNonNull(action, "'action' must not be null");
		this.idleActions.add(action);
	}

	private void workerIdle(ManagedWorker worker) {
		for (Consumer<? super WorkerHandle> action : this.idleActions) {
			try {
				action.accept(worker);
			}
			catch (RuntimeException ex) {
				logger.error("Idle action {} of worker group '{}' failed for worker '{}'", action, this.name,
						worker.name(), ex);
			}
		}
	}

	/**
	 * Return the handle of a worker.
	 * @param workerName the worker's name
	 * @return the handle, or empty if no worker has that name
	 */
	public synchronized Optional<WorkerHandle> worker(String workerName) {
		return Optional.ofNullable(this.workers.get(workerName));
	}

	/**
	 * Return the handles of every worker, in the order they were added.
	 * @return the handles
	 */
	public synchronized List<WorkerHandle> workers() {
		return List.copyOf(this.workers.values());
	}

	/**
	 * Ask every worker to stop; the group cannot start again. Does not wait.
	 */
	public void stopAll() {
		for (ManagedWorker worker : snapshotWorkers(true)) {
			worker.stop();
		}
	}

	private synchronized Collection<ManagedWorker> snapshotWorkers(boolean stopGroup) {
		if (stopGroup) {
			this.state = GroupState.STOPPED;
		}
		return new ArrayList<>(this.workers.values());
	}

	@Override
	public void requestStop(ExitReason reason) {
		stopAll();
	}

	/**
	 * Wait until every worker's threads have ended.
	 * @param timeout how long to wait (a worker with its own shutdown timeout is waited for that
	 * long instead); must not be negative
	 * @return {@code true} if every worker is idle
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	@Override
	public boolean awaitStopped(Duration timeout) throws InterruptedException {
		Arguments.requireNonNegative(timeout, "timeout");
		long start = System.nanoTime();
		boolean allStopped = true;
		for (ManagedWorker worker : snapshotWorkers(false)) {
			// A worker with its own shutdown timeout is waited for that long instead.
			Duration own = worker.definition().shutdownTimeout();
			long deadline = start + ((own != null) ? own : timeout).toNanos();
			allStopped &= worker.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		}
		return allStopped;
	}

	@Override
	public void deadlinePassed() {
		snapshotWorkers(false).forEach(ManagedWorker::deadlinePassed);
	}

	@Override
	public List<RunningThread> runningThreads() {
		List<RunningThread> running = new ArrayList<>();
		for (ManagedWorker worker : snapshotWorkers(false)) {
			running.addAll(worker.runningThreads());
		}
		return running;
	}

	/**
	 * Return a snapshot of every worker, for monitoring.
	 * @return the snapshots, in the order the workers were added
	 */
	public List<WorkerSnapshot> snapshot() {
		List<WorkerSnapshot> snapshots = new ArrayList<>();
		for (ManagedWorker worker : snapshotWorkers(false)) {
			snapshots.add(worker.snapshot());
		}
		return snapshots;
	}

	/**
	 * Return the monitor of this group.
	 * @return the monitor
	 */
	public ExitMonitor monitor() {
		return this.monitor;
	}

	@Override
	public synchronized String toString() {
		return this.name + " [" + this.state + "]";
	}

}

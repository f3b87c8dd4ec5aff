package dev.exitmonitor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ExitAwareExecutor}.
 */
class ExitAwareExecutorTests {

	private static final long ACCOUNTING_SEED = 20250501L;

	private static final int ACCOUNTING_ROUNDS = 40;

	private final ExitMonitor monitor = ExitMonitor.create("executor-tests");

	private final List<ExitAwareExecutor> executors = new ArrayList<>();

	/** Counted down after each test, so no task stays blocked on it. */
	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void shutDownExecutors() throws InterruptedException {
		this.release.countDown();
		for (ExitAwareExecutor executor : this.executors) {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("%s terminated", executor).isTrue();
		}
	}

	private ExitAwareExecutorBuilder builder(String name) {
		return ExitAwareExecutor.builder(this.monitor, name);
	}

	private ExitAwareExecutor track(ExitAwareExecutor executor) {
		this.executors.add(executor);
		return executor;
	}

	private ExitAwareExecutor singleThreaded(String name) {
		return track(builder(name).threads(1).build());
	}

	/** Submit a task that blocks on {@link #release} (a plain await, not interrupted by a soft stop). */
	private Future<?> submitBlocker(ExitAwareExecutor executor) throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		Future<?> blocker = executor.submit(() -> {
			started.countDown();
			awaitUninterruptibly(this.release);
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		return blocker;
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		try (CriticalSection section = Exit.critical()) {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// ---- exit ----

	@Test
	void submissionsAfterExitBeganAreRejectedWithTheExecutorNameAndTheReason() {
		ExitAwareExecutor executor = track(builder("reports").threads(1).build());
		this.monitor.requestExit(ExitReason.requested("deploy"));
		String message = "Executor 'reports' rejected a task: the application is exiting "
				+ "(REQUESTED (deploy, exit code 0)). Submit work before exit begins, or hand it back with "
				+ "PendingTaskPolicy.HAND_BACK";
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.submit(() -> "late"))
			.withMessage(message);
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.execute(() -> {
		})).withMessage(message);
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> executor.invokeAll(List.of(() -> "late")))
			.withMessage(message);
		assertThat(executor.isShutdown()).isTrue();
		assertThat(executor.snapshot().rejected()).isEqualTo(3);
		assertThat(executor.snapshot().submitted()).isEqualTo(3);
	}

	@Test
	void submissionsAreRejectedAsSoonAsTheMonitorExitsEvenBeforeTheExecutorIsAskedToStop() throws Exception {
		ExitAwareExecutor executor = singleThreaded("early");
		CompletableFuture<RejectedExecutionException> rejected = new CompletableFuture<>();
		// An early callback runs after the exit began and before participants are asked to stop.
		this.monitor.registerEarly((reason) -> {
			try {
				executor.submit(() -> "late");
			}
			catch (RejectedExecutionException ex) {
				rejected.complete(ex);
			}
		});
		this.monitor.requestExit(ExitReason.requested("early check"));
		assertThat(rejected.get(10, TimeUnit.SECONDS)).hasMessageContaining("the application is exiting")
			.hasMessageContaining("early check");
	}

	@Test
	void drainRunsTheQueuedTasksAtExit() throws Exception {
		ExitAwareExecutor executor = singleThreaded("drain");
		submitBlocker(executor);
		Set<Integer> ran = ConcurrentHashMap.newKeySet();
		List<Future<?>> queued = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			int id = i;
			queued.add(executor.submit(() -> ran.add(id)));
		}
		this.monitor.requestExit(ExitReason.requested("drain test"));
		assertThat(executor.state()).isEqualTo(ExecutorState.EXITING);
		this.release.countDown();
		assertThat(executor.awaitStopped(Duration.ofSeconds(10))).isTrue();
		assertThat(ran).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
		assertThat(queued).allSatisfy((future) -> assertThat(future).isDone().isNotCancelled());
		ExecutorSnapshot snapshot = executor.snapshot();
		assertThat(snapshot.completed()).isEqualTo(6);
		assertThat(snapshot.handedBack()).isZero();
		assertThat(snapshot.state()).isEqualTo(ExecutorState.TERMINATED);
	}

	@Test
	void drainedTasksSeeTheExitEvenOnThreadsTheMonitorDidNotCreate() throws Exception {
		ExitAwareExecutor executor = track(ExitAwareExecutor.wrap(this.monitor, "wrapped-drain",
				Executors.newSingleThreadExecutor()));
		submitBlocker(executor);
		Future<Boolean> drained = executor.submit(Exit::requested);
		this.monitor.requestExit(ExitReason.requested("drain visibility"));
		this.release.countDown();
		assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void handBackGivesExactlyTheUnstartedTasksToTheHandlerAndCancelsTheirFutures() throws Exception {
		List<Object> handedBack = new CopyOnWriteArrayList<>();
		ExitAwareExecutor executor = track(builder("hand-back").threads(1)
			.pendingTaskPolicy(PendingTaskPolicy.HAND_BACK)
			.pendingTaskHandler(handedBack::add)
			.build());
		Future<?> blocker = submitBlocker(executor);
		AtomicInteger ran = new AtomicInteger();
		Runnable first = ran::incrementAndGet;
		Runnable second = ran::incrementAndGet;
		Callable<String> third = () -> "third " + ran.incrementAndGet();
		Runnable fourth = ran::incrementAndGet;
		List<Future<?>> futures = List.of(executor.submit(first), executor.submit(second, "result"),
				executor.submit(third));
		executor.execute(fourth);
		this.monitor.requestExit(ExitReason.requested("hand back test"));
		assertThat(handedBack).containsExactlyInAnyOrder(first, second, third, fourth);
		assertThat(futures).allSatisfy((future) -> assertThat(future).isCancelled());
		assertThat(blocker).isNotDone();
		this.release.countDown();
		assertThat(executor.awaitStopped(Duration.ofSeconds(10))).isTrue();
		assertThat(blocker).isDone().isNotCancelled();
		assertThat(ran).hasValue(0);
		assertThat(handedBack).hasSize(4);
		assertThat(executor.snapshot().handedBack()).isEqualTo(4);
		assertThat(executor.snapshot().completed()).isEqualTo(1);
	}

	/**
	 * A thread pool counts a new thread before it creates it, and queues the submissions that come
	 * meanwhile without starting another one. If the exit shuts the pool down before the thread is
	 * created, the pool refuses to start it (its first task is rejected), and without a rescue the queued
	 * tasks would be left with no thread: the pool would never terminate.
	 */
	@ParameterizedTest
	@EnumSource(PendingTaskPolicy.class)
	void queuedTasksEndWhenTheExitShutsThePoolDownWhileItsFirstThreadIsBeingCreated(PendingTaskPolicy policy)
			throws Exception {
		CountDownLatch creating = new CountDownLatch(1);
		CountDownLatch create = new CountDownLatch(1);
		AtomicInteger threads = new AtomicInteger();
		ThreadFactory slowFirstThread = (runnable) -> {
			if (threads.incrementAndGet() == 1) {
				creating.countDown();
				awaitUninterruptibly(create);
			}
			return new Thread(runnable, "slow-start-" + threads.get());
		};
		List<Object> handedBack = new CopyOnWriteArrayList<>();
		ExitAwareExecutor executor = track(builder("slow-start").threads(1)
			.threadFactory(slowFirstThread)
			.pendingTaskPolicy(policy)
			.pendingTaskHandler(handedBack::add)
			.build());
		AtomicInteger ran = new AtomicInteger();
		Runnable first = ran::incrementAndGet;
		Runnable queued = ran::incrementAndGet;
		CompletableFuture<Throwable> firstSubmission = new CompletableFuture<>();
		Thread submitter = new Thread(() -> firstSubmission.complete(catchThrowable(() -> executor.execute(first))),
				"first-submitter");
		submitter.start();
		// The pool has counted its first thread and is creating it: the next submission is only queued.
		assertThat(creating.await(10, TimeUnit.SECONDS)).isTrue();
		Future<?> queuedFuture = executor.submit(queued);
		this.monitor.requestExit(ExitReason.requested("exit while the pool starts"));
		create.countDown();
		Throwable refused = firstSubmission.get(10, TimeUnit.SECONDS);
		assertThat(executor.awaitStopped(Duration.ofSeconds(5))).as("%s stopped", executor).isTrue();
		if (policy == PendingTaskPolicy.DRAIN) {
			// The pool refused to start a thread for the first task once shut down; the queued one drains.
			assertThat(refused).isInstanceOf(RejectedExecutionException.class);
			assertThat(queuedFuture).isDone().isNotCancelled();
			assertThat(ran).hasValue(1);
			assertThat(executor.snapshot().completed()).isEqualTo(1);
			assertThat(executor.snapshot().rejected()).isEqualTo(1);
		}
		else {
			// The exit handed both back before the pool refused the first one.
			assertThat(refused).isNull();
			assertThat(handedBack).containsExactlyInAnyOrder(first, queued);
			assertThat(queuedFuture).isCancelled();
			assertThat(ran).hasValue(0);
		}
		assertThat(executor.snapshot().queued() + executor.snapshot().running()).isZero();
	}

	@ParameterizedTest
	@EnumSource(PendingTaskPolicy.class)
	void everySubmissionIsAccountedForExactlyOnceWhenExitBeginsWhileEightThreadsSubmit(PendingTaskPolicy policy)
			throws Exception {
		long seed = ACCOUNTING_SEED + policy.ordinal();
		System.out.printf("Accounting with %s: seed %d, %d rounds%n", policy, seed, ACCOUNTING_ROUNDS);
		Random random = new Random(seed);
		for (int round = 0; round < ACCOUNTING_ROUNDS; round++) {
			new AccountingRound(policy, round, random).run();
		}
	}

	/**
	 * One round: 8 threads submit 250 jobs each (half through {@code execute}, half through
	 * {@code submit}) while the test thread begins the exit after a random number of attempts. Even
	 * rounds use the executor's own pool, odd rounds a wrapped fixed pool.
	 */
	private static final class AccountingRound {

		private static final int SUBMITTERS = 8;

		private static final int JOBS_PER_SUBMITTER = 250;

		private final PendingTaskPolicy policy;

		private final int round;

		private final int attempts = SUBMITTERS * JOBS_PER_SUBMITTER;

		private final int exitAfter;

		private final Set<Integer> ran = ConcurrentHashMap.newKeySet();

		private final Set<Integer> handedBack = ConcurrentHashMap.newKeySet();

		private final Set<Integer> rejected = ConcurrentHashMap.newKeySet();

		private final List<String> problems = new CopyOnWriteArrayList<>();

		AccountingRound(PendingTaskPolicy policy, int round, Random random) {
			this.policy = policy;
			this.round = round;
			this.exitAfter = random.nextInt(this.attempts + 1);
		}

		void run() throws Exception {
			ExitMonitor roundMonitor = ExitMonitor.create("accounting-" + this.policy + "-" + this.round);
			ExitAwareExecutorBuilder builder = ExitAwareExecutor.builder(roundMonitor, "accounting")
				.threads(2)
				.pendingTaskPolicy(this.policy)
				.pendingTaskHandler((task) -> record(this.handedBack, ((Job) task).id(), "handed back"));
			ExitAwareExecutor executor = (this.round % 2 == 0) ? builder.build()
					: builder.wrap(Executors.newFixedThreadPool(2));
			CyclicBarrier start = new CyclicBarrier(SUBMITTERS + 1);
			CountDownLatch exitPoint = new CountDownLatch(this.exitAfter);
			List<Thread> submitters = new ArrayList<>();
			for (int s = 0; s < SUBMITTERS; s++) {
				int first = s * JOBS_PER_SUBMITTER;
				Thread submitter = new Thread(() -> submitAll(executor, start, exitPoint, first), "submitter-" + s);
				submitter.start();
				submitters.add(submitter);
			}
			start.await(10, TimeUnit.SECONDS);
			assertThat(exitPoint.await(10, TimeUnit.SECONDS)).isTrue();
			roundMonitor.requestExit(ExitReason.requested("accounting round " + this.round));
			for (Thread submitter : submitters) {
				submitter.join(10_000);
				assertThat(submitter.isAlive()).as("%s ended", submitter.getName()).isFalse();
			}
			ShutdownReport report = roundMonitor.completeExit(Duration.ofSeconds(10));
			assertThat(report.allStopped()).as(() -> describeShutdown(roundMonitor, executor, report)).isTrue();
			assertThat(executor.isTerminated()).isTrue();
			check(executor.snapshot());
			System.out.printf("  %s round %d: exit after %d of %d attempts: %d ran, %d handed back, %d rejected%n",
					this.policy, this.round, this.exitAfter, this.attempts, this.ran.size(), this.handedBack.size(),
					this.rejected.size());
		}

		/**
		 * What a failed join leaves to look at: the report, its stragglers' stacks, the executor's books,
		 * and the state and stack of every thread still bound to the round's monitor.
		 */
		private String describeShutdown(ExitMonitor roundMonitor, ExitAwareExecutor executor, ShutdownReport report) {
			StringBuilder text = new StringBuilder();
			text.append(this.policy)
				.append(" round ")
				.append(this.round)
				.append(" (exit after ")
				.append(this.exitAfter)
				.append(", ")
				.append((this.round % 2 == 0) ? "own pool" : "wrapped pool")
				.append("): the late phase did not see everything stop")
				.append(System.lineSeparator())
				.append("report: allStopped=")
				.append(report.allStopped())
				.append(", policy=")
				.append(report.appliedPolicy())
				.append(", duration=")
				.append(report.duration())
				.append(", ")
				.append(report.stragglers().size())
				.append(" straggler(s) (an executor whose pool has no live thread has none)")
				.append(System.lineSeparator())
				.append("executor: ")
				.append(executor)
				.append(' ')
				.append(executor.snapshot()).append(System.lineSeparator());
			for (Straggler straggler : report.stragglers()) {
				text.append("straggler ").append(straggler.workerName()).append(" / '").append(straggler.threadName())
					.append("' ").append(straggler.threadState()).append(", ").append(straggler.pastDeadline())
					.append(" past the deadline")
					.append(straggler.inCriticalSection() ? ", critical since " + straggler.criticalSince() : "")
					.append(System.lineSeparator());
				appendStack(text, straggler.stackTrace().toArray(new StackTraceElement[0]));
			}
			Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
			for (ThreadReport thread : roundMonitor.threads()) {
				// A NEW thread was created for the pool but never started.
				text.append("bound thread ").append(thread).append(System.lineSeparator());
				stacks.entrySet()
					.stream()
					.filter((entry) -> entry.getKey().getId() == thread.threadId())
					.findFirst()
					.ifPresent((entry) -> {
						text.append("  interrupted=").append(entry.getKey().isInterrupted())
							.append(System.lineSeparator());
						appendStack(text, entry.getValue());
					});
			}
			return text.toString();
		}

		private static void appendStack(StringBuilder text, StackTraceElement[] stack) {
			for (StackTraceElement element : stack) {
				text.append("    at ").append(element).append(System.lineSeparator());
			}
		}

		private void submitAll(ExitAwareExecutor executor, CyclicBarrier start, CountDownLatch exitPoint, int first) {
			try {
				start.await(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				this.problems.add("start failed: " + ex);
				return;
			}
			for (int id = first; id < first + JOBS_PER_SUBMITTER; id++) {
				Job job = new Job(id, this);
				try {
					if (id % 2 == 0) {
						executor.execute(job);
					}
					else {
						executor.submit(job);
					}
				}
				catch (RejectedExecutionException ex) {
					if (!ex.getMessage().contains("the application is exiting")) {
						this.problems.add("unexpected rejection: " + ex.getMessage());
					}
					record(this.rejected, id, "rejected");
				}
				finally {
					exitPoint.countDown();
				}
			}
		}

		void record(Set<Integer> outcome, int id, String what) {
			if (!outcome.add(id)) {
				this.problems.add("job " + id + " " + what + " twice");
			}
		}

		private void check(ExecutorSnapshot snapshot) {
			String round = this.policy + " round " + this.round + " (exit after " + this.exitAfter + ")";
			assertThat(this.problems).as(round).isEmpty();
			assertThat(intersection(this.ran, this.handedBack)).as(round + ": ran and handed back").isEmpty();
			assertThat(intersection(this.ran, this.rejected)).as(round + ": ran and rejected").isEmpty();
			assertThat(intersection(this.handedBack, this.rejected)).as(round + ": handed back and rejected").isEmpty();
			assertThat(this.ran.size() + this.handedBack.size() + this.rejected.size()).as(round)
				.isEqualTo(this.attempts);
			if (this.policy == PendingTaskPolicy.DRAIN) {
				assertThat(this.handedBack).as(round).isEmpty();
			}
			assertThat(snapshot.submitted()).as(round).isEqualTo(this.attempts);
			assertThat(snapshot.completed()).as(round).isEqualTo(this.ran.size());
			assertThat(snapshot.handedBack()).as(round).isEqualTo(this.handedBack.size());
			assertThat(snapshot.rejected()).as(round).isEqualTo(this.rejected.size());
			assertThat(snapshot.failed() + snapshot.stopped() + snapshot.cancelled() + snapshot.queued()
					+ snapshot.running()).as(round).isZero();
		}

		private static Set<Integer> intersection(Set<Integer> a, Set<Integer> b) {
			Set<Integer> both = new HashSet<>(a);
			both.retainAll(b);
			return both;
		}

	}

	/** A job that records that it ran, after a little work so that a queue builds up. */
	private record Job(int id, AccountingRound round) implements Runnable {

		@Override
		public void run() {
			for (int i = 0; i < 200; i++) {
				Thread.onSpinWait();
			}
			this.round.record(this.round.ran, this.id, "ran");
		}

		@Override
		public String toString() {
			return "job " + this.id;
		}

	}

	// ---- inside a task ----

	@Test
	void cancelFalseIsSeenInsideTheRunningTaskWithoutAnInterrupt() throws Exception {
		ExitAwareExecutor executor = singleThreaded("cancel-soft");
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		CompletableFuture<Boolean> requested = new CompletableFuture<>();
		CompletableFuture<Throwable> checked = new CompletableFuture<>();
		AtomicReference<Thread> runner = new AtomicReference<>();
		Future<?> future = executor.submit(() -> {
			runner.set(Thread.currentThread());
			started.countDown();
			try {
				proceed.await();
			}
			catch (InterruptedException ex) {
				requested.completeExceptionally(ex);
				return;
			}
			requested.complete(Exit.requested());
			checked.complete(catchThrowable(Exit::check));
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(future.cancel(false)).isTrue();
		assertThat(runner.get().isInterrupted()).isFalse();
		proceed.countDown();
		assertThat(requested.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(checked.get(10, TimeUnit.SECONDS)).isInstanceOf(ThreadExit.class);
		assertThat(future).isCancelled();
	}

	@Test
	void cancelFalseWakesATaskWaitingInAnExitAwareWait() throws Exception {
		ExitAwareExecutor executor = singleThreaded("cancel-wait");
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Throwable> woken = new CompletableFuture<>();
		Future<?> future = executor.submit(() -> {
			started.countDown();
			woken.complete(catchThrowable(() -> Exit.await(this.release)));
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		future.cancel(false);
		assertThat(woken.get(10, TimeUnit.SECONDS)).isInstanceOf(ThreadExit.class);
	}

	@Test
	void monitorExitIsSeenInsideATaskRunningOnThePoolThreads() throws Exception {
		assertExitIsSeenInsideARunningTask(singleThreaded("pool"));
	}

	@Test
	void monitorExitIsSeenInsideATaskRunningOnAWrappedExecutorWhoseThreadsTheMonitorDidNotCreate()
			throws Exception {
		assertExitIsSeenInsideARunningTask(
				track(ExitAwareExecutor.wrap(this.monitor, "wrapped", Executors.newFixedThreadPool(1))));
	}

	private void assertExitIsSeenInsideARunningTask(ExitAwareExecutor executor) throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		CompletableFuture<Boolean> before = new CompletableFuture<>();
		CompletableFuture<Boolean> after = new CompletableFuture<>();
		CompletableFuture<Throwable> checked = new CompletableFuture<>();
		executor.submit(() -> {
			before.complete(Exit.requested());
			started.countDown();
			awaitUninterruptibly(proceed);
			after.complete(Exit.requested());
			checked.complete(catchThrowable(Exit::check));
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		this.monitor.requestExit(ExitReason.requested("visible in tasks"));
		proceed.countDown();
		assertThat(before.get(10, TimeUnit.SECONDS)).isFalse();
		assertThat(after.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(checked.get(10, TimeUnit.SECONDS)).isInstanceOf(ThreadExit.class);
		assertThat(executor.awaitStopped(Duration.ofSeconds(10))).isTrue();
		assertThat(executor.snapshot().completed()).isEqualTo(1);
	}

	@Test
	void cancelTrueInterruptsATaskBlockedInAPlainLatchAwait() throws Exception {
		ExitAwareExecutor executor = singleThreaded("cancel-hard");
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Future<?> future = executor.submit(() -> {
			started.countDown();
			try {
				this.release.await();
				outcome.complete("returned");
			}
			catch (InterruptedException ex) {
				outcome.complete("interrupted");
			}
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(future.cancel(true)).isTrue();
		assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
		assertThat(future).isCancelled();
	}

	@Test
	void cancelTrueDoesNotInterruptInsideACriticalSectionButRightAfterIt() throws Exception {
		ExitAwareExecutor executor = singleThreaded("cancel-critical");
		CancelledInCriticalSection task = new CancelledInCriticalSection();
		Future<?> future = executor.submit(task);
		assertThat(task.inSection.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(future.cancel(true)).isTrue();
		assertThat(task.runner.get().isInterrupted()).as("interrupted inside the section").isFalse();
		task.proceed.countDown();
		assertThat(task.interruptedInside.get(10, TimeUnit.SECONDS)).isFalse();
		assertThat(task.interruptedAfter.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Pool.class)
	void theNextTaskOnTheSameThreadStartsCleanAfterACancelledTask(Pool pool) throws Exception {
		ExitAwareExecutor executor = track(pool.create(this.monitor));
		// The cancelled task leaves the interrupt it received after its critical section pending.
		CancelledInCriticalSection cancelled = new CancelledInCriticalSection();
		Future<?> first = executor.submit(cancelled);
		assertThat(cancelled.inSection.await(10, TimeUnit.SECONDS)).isTrue();
		first.cancel(true);
		cancelled.proceed.countDown();
		assertThat(cancelled.interruptedAfter.get(10, TimeUnit.SECONDS)).isTrue();
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<List<Object>> seen = new CompletableFuture<>();
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Future<?> next = executor.submit(() -> {
			seen.complete(List.of(Thread.currentThread(), Exit.requested(), Thread.currentThread().isInterrupted()));
			started.countDown();
			try {
				this.release.await();
				outcome.complete("returned");
			}
			catch (InterruptedException ex) {
				outcome.complete("interrupted");
			}
		});
		assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(cancelled.runner.get(), false, false);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		// Still interruptible: no library interrupt state was left behind by the first task.
		next.cancel(true);
		assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
	}

	/** Where the tasks of {@link #theNextTaskOnTheSameThreadStartsCleanAfterACancelledTask} run. */
	enum Pool {

		/** The executor's own pool, whose thread obeys the monitor. */
		OWN {
			@Override
			ExitAwareExecutor create(ExitMonitor monitor) {
				return ExitAwareExecutor.builder(monitor, "own").threads(1).build();
			}
		},

		/**
		 * A wrapped fork-join pool, which (on JDK 17, unlike a {@code ThreadPoolExecutor}) does not clear
		 * a leftover interrupt status between tasks itself.
		 */
		WRAPPED_FORK_JOIN {
			@Override
			ExitAwareExecutor create(ExitMonitor monitor) {
				return ExitAwareExecutor.wrap(monitor, "fork-join", new ForkJoinPool(1));
			}
		};

		abstract ExitAwareExecutor create(ExitMonitor monitor);

	}

	/** Waits in a critical section for {@link #proceed} and reports the interrupts it saw. */
	private static final class CancelledInCriticalSection implements Runnable {

		final CountDownLatch inSection = new CountDownLatch(1);

		final CountDownLatch proceed = new CountDownLatch(1);

		final AtomicReference<Thread> runner = new AtomicReference<>();

		final CompletableFuture<Boolean> interruptedInside = new CompletableFuture<>();

		final CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();

		@Override
		public void run() {
			this.runner.set(Thread.currentThread());
			try (CriticalSection section = Exit.critical()) {
				this.inSection.countDown();
				try {
					this.proceed.await();
					this.interruptedInside.complete(false);
				}
				catch (InterruptedException ex) {
					this.interruptedInside.complete(true);
				}
			}
			this.interruptedAfter.complete(Thread.currentThread().isInterrupted());
		}

	}

	// ---- ExecutorService contracts ----

	@Test
	void shutdownLetsTheQueuedTasksFinishAndRejectsNewOnes() throws Exception {
		ExitAwareExecutor executor = singleThreaded("jdk");
		submitBlocker(executor);
		AtomicInteger ran = new AtomicInteger();
		for (int i = 0; i < 3; i++) {
			executor.execute(ran::incrementAndGet);
		}
		executor.shutdown();
		assertThat(executor.isShutdown()).isTrue();
		assertThat(executor.isTerminated()).isFalse();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.submit(() -> "late"))
			.withMessage("Executor 'jdk' rejected a task: it has been shut down");
		this.release.countDown();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(ran).hasValue(3);
		assertThat(executor.isTerminated()).isTrue();
		assertThat(executor.state()).isEqualTo(ExecutorState.TERMINATED);
	}

	@Test
	void shutdownNowReturnsTheUnstartedTasksAndInterruptsTheRunningOne() throws Exception {
		ExitAwareExecutor executor = singleThreaded("jdk-now");
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<String> running = new CompletableFuture<>();
		executor.submit(() -> {
			started.countDown();
			try {
				this.release.await();
				running.complete("returned");
			}
			catch (InterruptedException ex) {
				running.complete("interrupted");
			}
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicInteger ran = new AtomicInteger();
		Runnable runnable = ran::incrementAndGet;
		Runnable executed = ran::incrementAndGet;
		Callable<String> callable = () -> "called " + ran.incrementAndGet();
		Future<?> runnableFuture = executor.submit(runnable);
		Future<String> callableFuture = executor.submit(callable);
		executor.execute(executed);
		List<Runnable> unstarted = executor.shutdownNow();
		assertThat(unstarted).hasSize(3).contains(runnable, executed);
		Runnable adapted = unstarted.stream().filter((task) -> task != runnable && task != executed).findFirst().get();
		assertThat(adapted).isInstanceOf(Callable.class);
		assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(runnableFuture).isCancelled();
		assertThat(callableFuture).isCancelled();
		assertThat(ran).hasValue(0);
		assertThat(((Callable<?>) adapted).call()).isEqualTo("called 1");
		assertThat(executor.snapshot().handedBack()).isEqualTo(3);
	}

	@Test
	void awaitTerminationIsFalseWhileATaskRunsAndTrueOnceAllEnded() throws Exception {
		ExitAwareExecutor executor = singleThreaded("await");
		submitBlocker(executor);
		assertThat(executor.awaitTermination(50, TimeUnit.MILLISECONDS)).isFalse();
		executor.shutdown();
		assertThat(executor.awaitTermination(50, TimeUnit.MILLISECONDS)).isFalse();
		this.release.countDown();
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void invokeAllReturnsEveryFutureDoneInTheOrderOfTheTasks() throws Exception {
		ExitAwareExecutor executor = track(builder("invoke-all").threads(2).build());
		List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> {
			throw new IOException("boom");
		});
		List<Future<Integer>> futures = executor.invokeAll(tasks);
		assertThat(futures).hasSize(3).allSatisfy((future) -> assertThat(future).isDone());
		assertThat(futures.get(0).get()).isEqualTo(1);
		assertThat(futures.get(1).get()).isEqualTo(2);
		assertThatThrownBy(() -> futures.get(2).get()).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(IOException.class);
	}

	@Test
	void timedInvokeAllCancelsTheTasksNotDoneInTime() throws Exception {
		ExitAwareExecutor executor = track(builder("invoke-all-timed").threads(2).build());
		CompletableFuture<String> slow = new CompletableFuture<>();
		List<Callable<Integer>> tasks = List.of(() -> 1, () -> {
			try {
				this.release.await();
				slow.complete("returned");
			}
			catch (InterruptedException ex) {
				slow.complete("interrupted");
			}
			return 2;
		});
		List<Future<Integer>> futures = executor.invokeAll(tasks, 200, TimeUnit.MILLISECONDS);
		assertThat(futures).allSatisfy((future) -> assertThat(future).isDone());
		assertThat(futures.get(0).get()).isEqualTo(1);
		assertThat(futures.get(1)).isCancelled();
		assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
	}

	@Test
	void invokeAnyReturnsTheResultOfATaskThatCompletedNormally() throws Exception {
		ExitAwareExecutor executor = track(builder("invoke-any").threads(2).build());
		List<Callable<String>> tasks = List.of(() -> {
			throw new IllegalStateException("first fails");
		}, () -> "second succeeds");
		assertThat(executor.invokeAny(tasks)).isEqualTo("second succeeds");
		assertThat(executor.invokeAny(tasks, 10, TimeUnit.SECONDS)).isEqualTo("second succeeds");
	}

	@Test
	void invokeAnyFailsWhenEveryTaskFailsOrTimesOut() throws Exception {
		ExitAwareExecutor executor = track(builder("invoke-any-fails").threads(2).build());
		List<Callable<String>> failing = List.of(() -> {
			throw new IllegalStateException("one");
		}, () -> {
			throw new IllegalStateException("two");
		});
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> executor.invokeAny(failing))
			.withCauseInstanceOf(IllegalStateException.class);
		CompletableFuture<String> slow = new CompletableFuture<>();
		List<Callable<String>> blocking = List.of(() -> {
			try {
				this.release.await();
				slow.complete("returned");
			}
			catch (InterruptedException ex) {
				slow.complete("interrupted");
			}
			return "late";
		});
		assertThatExceptionOfType(TimeoutException.class)
			.isThrownBy(() -> executor.invokeAny(blocking, 100, TimeUnit.MILLISECONDS));
		assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
		assertThatIllegalArgumentException().isThrownBy(() -> executor.invokeAny(List.<Callable<String>>of()))
			.withMessage("'tasks' must not be empty");
	}

	@Test
	void submitAfterShutdownIsRejected() {
		ExitAwareExecutor executor = singleThreaded("closed");
		executor.shutdown();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.execute(() -> {
		})).withMessage("Executor 'closed' rejected a task: it has been shut down");
		assertThat(executor.snapshot().rejected()).isEqualTo(1);
	}

	@Test
	void aFailureOfAnExecutedTaskReachesTheThreadLikeWithAnyExecutor() throws Exception {
		CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
		ThreadFactory factory = (runnable) -> {
			Thread thread = new Thread(runnable, "uncaught");
			thread.setUncaughtExceptionHandler((t, ex) -> uncaught.complete(ex));
			return thread;
		};
		ExitAwareExecutor executor = track(builder("uncaught").threads(1).threadFactory(factory).build());
		executor.execute(() -> {
			throw new IllegalStateException("not swallowed");
		});
		assertThat(uncaught.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
			.hasMessage("not swallowed");
		assertThat(executor.snapshot().failed()).isEqualTo(1);
	}

	// ---- participant and monitoring ----

	@Test
	void runningThreadsListTheThreadsRunningTasksWithTheExecutorName() throws Exception {
		ExitAwareExecutor executor = track(builder("running").threads(2).build());
		Set<Thread> runners = ConcurrentHashMap.newKeySet();
		CountDownLatch started = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			executor.submit(() -> {
				runners.add(Thread.currentThread());
				started.countDown();
				awaitUninterruptibly(this.release);
			});
		}
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(executor.runningThreads()).extracting(ExitParticipant.RunningThread::workerName)
			.containsExactly("running", "running");
		assertThat(executor.runningThreads()).extracting(ExitParticipant.RunningThread::thread)
			.containsExactlyInAnyOrderElementsOf(runners);
		assertThat(runners).allSatisfy((thread) -> assertThat(thread.getName()).startsWith("running-"));
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> executor.runningThreads().isEmpty());
	}

	@Test
	void theMonitorJoinsTheExecutorInItsLatePhase() throws Exception {
		ExitAwareExecutor executor = singleThreaded("joined");
		submitBlocker(executor);
		this.monitor.requestExit(ExitReason.requested("join test"));
		assertThat(executor.awaitStopped(Duration.ofMillis(50))).isFalse();
		this.release.countDown();
		assertThat(this.monitor.completeExit(Duration.ofSeconds(10)).allStopped()).isTrue();
		assertThat(executor.isTerminated()).isTrue();
	}

	@Test
	void anExecutorCreatedAfterTheExitBeganIsStoppedAtOnce() {
		this.monitor.requestExit(ExitReason.requested("too late"));
		ExitAwareExecutor executor = singleThreaded("late");
		assertThat(executor.state()).isIn(ExecutorState.EXITING, ExecutorState.TERMINATED);
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.submit(() -> "x"))
			.withMessageContaining("too late");
	}

	@Test
	void snapshotCountsHowEachTaskEnded() throws Exception {
		ExitAwareExecutor executor = singleThreaded("counters");
		assertThat(executor.submit(() -> "ok").get(10, TimeUnit.SECONDS)).isEqualTo("ok");
		Future<?> failed = executor.submit(() -> {
			throw new IllegalStateException("failed");
		});
		assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
		Future<?> stopped = executor.submit(() -> {
			throw Exit.now();
		});
		assertThatThrownBy(() -> stopped.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ThreadExit.class);
		submitBlocker(executor);
		Future<?> cancelled = executor.submit(() -> "never");
		assertThat(cancelled.cancel(false)).isTrue();
		ExecutorSnapshot snapshot = executor.snapshot();
		assertThat(snapshot.name()).isEqualTo("counters");
		assertThat(snapshot.state()).isEqualTo(ExecutorState.RUNNING);
		assertThat(snapshot.submitted()).isEqualTo(5);
		assertThat(snapshot.completed()).isEqualTo(1);
		assertThat(snapshot.failed()).isEqualTo(1);
		assertThat(snapshot.stopped()).isEqualTo(1);
		assertThat(snapshot.cancelled()).isEqualTo(1);
		assertThat(snapshot.running()).isEqualTo(1);
		assertThat(snapshot.queued()).isZero();
		assertThat(executor).hasToString("ExitAwareExecutor 'counters' [RUNNING]");
	}

	// ---- bad input ----

	@Test
	void nullArgumentsAreRejectedNamingTheParameter() {
		ExitAwareExecutor executor = singleThreaded("nulls");
		assertNullRejected(() -> ExitAwareExecutor.builder(null, "x"), "monitor");
		assertNullRejected(() -> ExitAwareExecutor.builder(this.monitor, null), "name");
		assertNullRejected(() -> ExitAwareExecutor.wrap(this.monitor, "x", null), "delegate");
		assertNullRejected(() -> builder("x").threadFactory(null), "threadFactory");
		assertNullRejected(() -> builder("x").pendingTaskPolicy(null), "policy");
		assertNullRejected(() -> builder("x").pendingTaskHandler(null), "handler");
		assertNullRejected(() -> executor.execute(null), "command");
		assertNullRejected(() -> executor.submit((Runnable) null), "task");
		assertNullRejected(() -> executor.submit((Runnable) null, "result"), "task");
		assertNullRejected(() -> executor.submit((Callable<?>) null), "task");
		assertNullRejected(() -> executor.invokeAll(null), "tasks");
		assertNullRejected(() -> executor.invokeAny(null), "tasks");
		assertNullRejected(() -> executor.awaitTermination(1, null), "unit");
		assertNullRejected(() -> executor.requestStop(null), "reason");
		assertNullRejected(() -> executor.awaitStopped(null), "timeout");
		assertThat(executor.snapshot().submitted()).isZero();
	}

	private static void assertNullRejected(ThrowingRunnable call, String parameter) {
		assertThatNullPointerException().isThrownBy(call::run).withMessage("'%s' must not be null", parameter);
	}

	@Test
	void anEmptyNameAndOtherInvalidValuesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ExitAwareExecutor.builder(this.monitor, ""))
			.withMessage("'name' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> ExitAwareExecutor.builder(this.monitor, "  "))
			.withMessage("'name' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> builder("x").threads(0))
			.withMessage("'threads' must be positive, but was 0");
		ExitAwareExecutor executor = singleThreaded("negative");
		assertThatIllegalArgumentException().isThrownBy(() -> executor.awaitStopped(Duration.ofSeconds(-1)))
			.withMessage("'timeout' must not be negative, but was PT-1S");
	}

	@Test
	void handBackWithoutAHandlerFailsAtConstructionNamingTheExecutor() {
		String message = "Executor 'orders' uses PendingTaskPolicy.HAND_BACK but has no PendingTaskHandler: set one "
				+ "with pendingTaskHandler(..), or use PendingTaskPolicy.DRAIN";
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder("orders").pendingTaskPolicy(PendingTaskPolicy.HAND_BACK).build())
			.withMessage(message);
		ExecutorService delegate = Executors.newSingleThreadExecutor();
		try {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> builder("orders").pendingTaskPolicy(PendingTaskPolicy.HAND_BACK).wrap(delegate))
				.withMessage(message);
		}
		finally {
			delegate.shutdown();
		}
	}

	// ---- helpers ----

	private static Throwable catchThrowable(ThrowingRunnable call) {
		try {
			call.run();
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

}

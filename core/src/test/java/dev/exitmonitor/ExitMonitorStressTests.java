package dev.exitmonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Randomized stress test of the {@link ExitMonitor} state machine: many fresh monitors, each driven by
 * concurrent actors doing random operations while bound workers check, wait and open critical sections,
 * with the monitor's invariants checked after each one. The seed is fixed, so the sequence of operations
 * of every actor is the same on every run; only the interleaving varies. Two deterministic scenarios pin
 * down the ordering of the late phase against a slow early phase and an interrupted late phase.
 */
class ExitMonitorStressTests {

	private static final long SEED = 0x5EED_2026L;

	private static final int MONITORS = 300;

	private static final int ACTORS = 4;

	private static final int WORKERS = 3;

	private static final int OPERATIONS_PER_ACTOR = 50;

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	private static final Duration COMPLETE_TIMEOUT = Duration.ofSeconds(5);

	/** Description of the reason {@link ExitMonitor#completeExit(Duration)} uses when no exit was requested. */
	private static final String IMPLICIT_REASON = "exit completed without an explicit request";

	@Test
	void randomConcurrentOperationsKeepTheExitStateMachineConsistent() throws Exception {
		Random seeds = new Random(SEED);
		Totals totals = new Totals();
		ExecutorService actors = Executors.newFixedThreadPool(ACTORS);
		long start = System.nanoTime();
		try {
			for (int i = 0; i < MONITORS; i++) {
				new Round(i, seeds.nextLong(), totals).run(actors);
			}
		}
		finally {
			actors.shutdownNow();
			assertThat(actors.awaitTermination(AT_MOST.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		System.out.println("Exit monitor stress test: seed " + SEED + ", " + MONITORS + " monitors, " + ACTORS
				+ " actors and " + WORKERS + " workers each, " + totals.operations + " actor operations in "
				+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms; " + totals);
		assertThat(totals.operations).hasValue((long) MONITORS * ACTORS * OPERATIONS_PER_ACTOR);
	}

	@Test
	void lateCallbacksNeverStartBeforeTheEarlyPhaseHasFinished() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("slow-early-phase");
		CountDownLatch earlyStarted = new CountDownLatch(1);
		CountDownLatch releaseEarly = new CountDownLatch(1);
		AtomicLong clock = new AtomicLong();
		AtomicLong earlyEnd = new AtomicLong();
		AtomicLong lateStart = new AtomicLong();
		AtomicInteger lateRegisteredByEarlyRuns = new AtomicInteger();
		AtomicReference<Throwable> lateRegistrationFailure = new AtomicReference<>();
		monitor.registerEarly((reason) -> {
			earlyStarted.countDown();
			releaseEarly.await();
			try {
				monitor.registerLate((late) -> lateRegisteredByEarlyRuns.incrementAndGet());
			}
			catch (IllegalStateException ex) {
				lateRegistrationFailure.set(ex);
			}
			earlyEnd.set(clock.incrementAndGet());
		});
		monitor.registerLate((reason) -> lateStart.compareAndSet(0, clock.incrementAndGet()));
		AtomicReference<Object> completion = new AtomicReference<>();
		Thread requester = new Thread(() -> monitor.requestExit(ExitReason.requested("slow early phase")),
				"slow-early-phase-requester");
		Thread completer = new Thread(() -> completion.set(completeExit(monitor, Duration.ofMillis(50))),
				"slow-early-phase-completer");
		requester.start();
		try {
			assertThat(earlyStarted.await(AT_MOST.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			completer.start();
			// The 50 ms deadline of completeExit passes while the early callback still runs.
			await("late phase waiting for the early callback that is still running").during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> {
					assertThat(lateStart).as("start tick of the late callback").hasValue(0);
					assertThat(monitor.phase()).as("phase while the early callback runs")
						.isEqualTo(ExitPhase.EXIT_REQUESTED);
				});
		}
		finally {
			releaseEarly.countDown();
			requester.join(AT_MOST.toMillis());
			completer.join(AT_MOST.toMillis());
		}
		assertThat(completion.get()).isInstanceOf(ShutdownReport.class);
		assertThat(lateRegistrationFailure.get()).as("late callback registered by an early callback").isNull();
		assertThat(lateRegisteredByEarlyRuns).hasValue(1);
		assertThat(lateStart.get()).as("first late callback start").isGreaterThan(earlyEnd.get());
		assertThat(monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
	}

	@Test
	void completeExitRunsTheLatePhaseEvenAfterAnEarlierCallWasInterrupted() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("interrupted-complete-exit");
		CountDownLatch earlyStarted = new CountDownLatch(1);
		CountDownLatch releaseEarly = new CountDownLatch(1);
		AtomicInteger lateRuns = new AtomicInteger();
		monitor.registerEarly((reason) -> {
			earlyStarted.countDown();
			releaseEarly.await();
		});
		monitor.registerLate((reason) -> lateRuns.incrementAndGet());
		AtomicReference<Object> firstOutcome = new AtomicReference<>();
		AtomicReference<Object> secondOutcome = new AtomicReference<>();
		Thread requester = new Thread(() -> monitor.requestExit(ExitReason.requested("interrupted completeExit")),
				"interrupted-complete-exit-requester");
		Thread first = new Thread(() -> firstOutcome.set(completeExit(monitor, AT_MOST)),
				"interrupted-complete-exit-first");
		Thread second = new Thread(() -> secondOutcome.set(completeExit(monitor, Duration.ofSeconds(1))),
				"interrupted-complete-exit-second");
		requester.start();
		try {
			assertThat(earlyStarted.await(AT_MOST.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			first.start();
			// The first caller runs the late phase and blocks until the early phase ends.
			await().atMost(AT_MOST)
				.until(() -> EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING, Thread.State.BLOCKED)
					.contains(first.getState()));
			first.interrupt();
			first.join(AT_MOST.toMillis());
			assertThat(first.isAlive()).isFalse();
			assertThat(firstOutcome.get()).isInstanceOfAny(InterruptedException.class, ShutdownReport.class);
			releaseEarly.countDown();
			requester.join(AT_MOST.toMillis());
			assertThat(monitor.phase()).isIn(ExitPhase.EARLY_EXIT_DONE, ExitPhase.LATE_EXIT_DONE);
			second.start();
			await("completeExit(1 s) called after an interrupted completeExit").atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(second.isAlive())
					.as("second completeExit still running (%s) in phase %s", second.getState(), monitor.phase())
					.isFalse());
			assertThat(secondOutcome.get()).isInstanceOf(ShutdownReport.class);
			assertThat(lateRuns).hasValue(1);
			assertThat(monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
		}
		finally {
			releaseEarly.countDown();
			for (Thread thread : List.of(requester, first, second)) {
				if (thread.isAlive()) {
					// A completeExit stuck waiting for a late phase that nobody runs ends on interrupt.
					thread.interrupt();
				}
				thread.join(AT_MOST.toMillis());
			}
		}
	}

	private static Object completeExit(ExitMonitor monitor, Duration timeout) {
		try {
			return monitor.completeExit(timeout);
		}
		catch (InterruptedException ex) {
			return ex;
		}
		catch (RuntimeException | Error ex) {
			return ex;
		}
	}

	/**
	 * One monitor, its workers, and what its actors did and saw.
	 */
	private static final class Round {

		private final int index;

		private final long seed;

		private final Totals totals;

		private final ExitMonitor monitor;

		/** Orders callback starts and ends; increments are totally ordered. */
		private final AtomicLong clock = new AtomicLong();

		private final Queue<String> violations = new ConcurrentLinkedQueue<>();

		private final Queue<Registration> early = new ConcurrentLinkedQueue<>();

		private final Queue<Registration> late = new ConcurrentLinkedQueue<>();

		private final Queue<Registration> actions = new ConcurrentLinkedQueue<>();

		private final Queue<ExitReason> winners = new ConcurrentLinkedQueue<>();

		private final Queue<ExitReason> seenReasons = new ConcurrentLinkedQueue<>();

		private final Queue<CompletableFuture<ExitReason>> futures = new ConcurrentLinkedQueue<>();

		private final ExitAwareQueue<Long> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());

		private final AtomicLong offered = new AtomicLong();

		private final AtomicLong polled = new AtomicLong();

		private final AtomicInteger workerExits = new AtomicInteger();

		private final List<Thread> workers = new ArrayList<>();

		Round(int index, long seed, Totals totals) {
			this.index = index;
			this.seed = seed;
			this.totals = totals;
			this.monitor = ExitMonitor.create("stress-" + index);
		}

		void run(ExecutorService actors) throws Exception {
			Random random = new Random(this.seed);
			int requestPercent = random.nextInt(6);
			try {
				for (int w = 0; w < WORKERS; w++) {
					InterruptMode mode = random.nextBoolean() ? InterruptMode.INTERRUPT : InterruptMode.COOPERATIVE;
					long workerSeed = random.nextLong();
					Thread worker = this.monitor.threadFactory(Executors.defaultThreadFactory(), mode)
						.newThread(() -> work(workerSeed));
					worker.setName("stress-" + this.index + "-worker-" + w + "-" + mode);
					this.workers.add(worker);
					worker.start();
				}
				CyclicBarrier start = new CyclicBarrier(ACTORS);
				List<Future<?>> running = new ArrayList<>();
				for (int a = 0; a < ACTORS; a++) {
					long actorSeed = random.nextLong();
					running.add(actors.submit(() -> {
						start.await();
						act(new Random(actorSeed), requestPercent);
						return null;
					}));
				}
				for (Future<?> future : running) {
					future.get(AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
				}
				Future<ShutdownReport> completion = actors.submit(() -> this.monitor.completeExit(COMPLETE_TIMEOUT));
				assertThat(completion.get(AT_MOST.toMillis(), TimeUnit.MILLISECONDS).allStopped())
					.as(describe("every worker stopped within the completeExit deadline"))
					.isTrue();
				joinWorkers();
				verify();
			}
			finally {
				this.monitor.requestExit(ExitReason.requested("test cleanup"));
				joinWorkers();
				for (Thread worker : this.workers) {
					if (worker.isAlive()) {
						worker.interrupt();
						worker.join(AT_MOST.toMillis());
					}
				}
			}
		}

		private void act(Random random, int requestPercent) {
			Observer observer = new Observer("actor " + Thread.currentThread().getName());
			for (int i = 0; i < OPERATIONS_PER_ACTOR; i++) {
				this.totals.operations.incrementAndGet();
				spin(random.nextInt(300));
				int op = random.nextInt(100);
				try {
					if (op < requestPercent) {
						requestExit(random, i);
					}
					else if (op < requestPercent + 2) {
						completeExit(observer);
					}
					else if (op < 20) {
						onExit();
					}
					else if (op < 38) {
						registerEarly(random.nextInt(3) == 0);
					}
					else if (op < 54) {
						registerLate("actor");
					}
					else if (op < 64) {
						this.futures.add(this.monitor.exitFuture());
					}
					else if (op < 86) {
						observer.observe();
					}
					else if (op < 89) {
						Interruption.request(this.workers.get(random.nextInt(this.workers.size())));
						this.totals.workerStopRequests.incrementAndGet();
					}
					else if (op < 94) {
						ExitPhase target = ExitPhase.values()[random.nextInt(ExitPhase.values().length)];
						if (this.monitor.awaitPhase(target, Duration.ZERO)) {
							observer.reached(target);
						}
					}
					else {
						checkFuturesAgainstReason();
					}
				}
				catch (InterruptedException ex) {
					violation("actor interrupted: " + ex);
					Thread.currentThread().interrupt();
					return;
				}
				catch (RuntimeException | Error ex) {
					violation("operation " + op + " failed: " + ex);
				}
			}
		}

		private void requestExit(Random random, int operation) {
			String by = operation + " of " + Thread.currentThread().getName();
			ExitReason reason = switch (random.nextInt(3)) {
				case 0 -> ExitReason.requested(describe("request " + by));
				case 1 -> ExitReason.failure(describe("failure " + by), 1 + random.nextInt(100));
				default -> new ExitReason(ExitReason.Kind.CONTAINER_CLOSING, describe("closing " + by), 0);
			};
			this.totals.exitRequests.incrementAndGet();
			if (this.monitor.requestExit(reason)) {
				this.winners.add(reason);
				// The winner ran the early phase before returning.
				if (!this.monitor.phase().isAtLeast(ExitPhase.EARLY_EXIT_DONE)) {
					violation("requestExit returned true in phase " + this.monitor.phase());
				}
				if (this.monitor.reason().orElse(null) != reason) {
					violation("winner's reason " + reason + " is not reason() " + this.monitor.reason());
				}
			}
			else if (this.monitor.reason().orElse(null) == reason) {
				violation("requestExit returned false but its reason " + reason + " won");
			}
			else if (this.monitor.reason().isEmpty()) {
				violation("requestExit returned false but there is no reason");
			}
		}

		private void completeExit(Observer observer) throws InterruptedException {
			this.totals.completeExitCalls.incrementAndGet();
			ShutdownReport report = this.monitor.completeExit(COMPLETE_TIMEOUT);
			if (!report.allStopped()) {
				violation("workers did not stop within the completeExit deadline: " + report);
			}
			if (this.monitor.phase() != ExitPhase.LATE_EXIT_DONE) {
				violation("completeExit returned in phase " + this.monitor.phase());
			}
			observer.observe();
		}

		private void onExit() {
			Registration action = new Registration("action");
			this.actions.add(action);
			this.monitor.onExit(() -> {
				action.run(this.clock);
				ExitReason reason = this.monitor.reason().orElse(null);
				if (reason == null) {
					violation("onExit action ran without a reason");
				}
				else {
					this.seenReasons.add(reason);
				}
			});
			action.accepted = true;
		}

		private void registerEarly(boolean registersLate) {
			Registration registration = new Registration("early");
			this.early.add(registration);
			try {
				this.monitor.registerEarly((reason) -> {
					registration.run(this.clock);
					this.seenReasons.add(reason);
					ExitPhase phase = this.monitor.phase();
					if (phase != ExitPhase.EXIT_REQUESTED) {
						violation("early callback ran in phase " + phase);
					}
					if (registersLate) {
						try {
							registerLate("early callback");
						}
						catch (IllegalStateException ex) {
							violation("early callback could not register a late one: " + ex.getMessage());
						}
					}
					registration.end(this.clock);
				});
				registration.accepted = true;
			}
			catch (IllegalStateException ex) {
				registration.rejected = true;
				checkRejection(ex, "early", ExitPhase.EXIT_REQUESTED);
			}
		}

		private void registerLate(String by) {
			Registration registration = new Registration("late by " + by);
			this.late.add(registration);
			try {
				this.monitor.registerLate((reason) -> {
					registration.run(this.clock);
					this.seenReasons.add(reason);
					ExitPhase phase = this.monitor.phase();
					if (phase != ExitPhase.JOINED) {
						violation("late callback ran in phase " + phase);
					}
					registration.end(this.clock);
				});
				registration.accepted = true;
			}
			catch (IllegalStateException ex) {
				registration.rejected = true;
				checkRejection(ex, "late", ExitPhase.JOINED);
				if (!"actor".equals(by)) {
					throw ex;
				}
			}
		}

		private void checkRejection(IllegalStateException ex, String phaseName, ExitPhase startedBy) {
			if (!String.valueOf(ex.getMessage()).contains("the " + phaseName + " exit phase has already started")) {
				violation("unexpected rejection message: " + ex.getMessage());
			}
			if (!this.monitor.phase().isAtLeast(startedBy)) {
				violation(phaseName + " registration rejected in phase " + this.monitor.phase());
			}
		}

		private void checkFuturesAgainstReason() {
			for (CompletableFuture<ExitReason> future : this.futures) {
				// Phase first: the futures are completed before the early phase runs.
				ExitPhase phase = this.monitor.phase();
				if (future.isDone()) {
					ExitReason completed = future.join();
					ExitReason now = this.monitor.reason().orElse(null);
					if (completed != now) {
						violation("exitFuture completed with " + completed + " but reason() is " + now);
					}
				}
				else if (phase.isAtLeast(ExitPhase.EARLY_EXIT_DONE)) {
					violation("exitFuture not done in phase " + phase);
				}
			}
		}

		private void work(long workerSeed) {
			Random random = new Random(workerSeed);
			Observer observer = new Observer("worker " + Thread.currentThread().getName());
			boolean interruptMode = Thread.currentThread().getName().endsWith(InterruptMode.INTERRUPT.name());
			try {
				while (true) {
					observer.observe();
					Exit.check();
					switch (random.nextInt(6)) {
						case 0 -> {
							try (CriticalSection section = Exit.critical()) {
								critical(random, interruptMode);
							}
						}
						case 1 -> {
							this.queue.offer(random.nextLong());
							this.offered.incrementAndGet();
						}
						case 2 -> {
							if (this.queue.poll(Duration.ofNanos(random.nextInt(200_000))) != null) {
								this.polled.incrementAndGet();
							}
						}
						case 3 -> Exit.sleep(Duration.ofNanos(random.nextInt(50_000)));
						case 4 -> Exit.await(new CountDownLatch(1), Duration.ofNanos(random.nextInt(50_000)));
						default -> spin(random.nextInt(1_000));
					}
				}
			}
			catch (ThreadExit ex) {
				this.workerExits.incrementAndGet();
				if (!Exit.requested()) {
					violation(Thread.currentThread().getName() + " got ThreadExit without a stop request");
				}
			}
			catch (Throwable ex) {
				violation(Thread.currentThread().getName() + " failed: " + ex);
			}
		}

		private void critical(Random random, boolean interruptMode) throws InterruptedException {
			try {
				Exit.check();
			}
			catch (ThreadExit ex) {
				violation("Exit.check() threw inside a critical section");
			}
			if (Thread.currentThread().isInterrupted()) {
				violation("interrupt status set inside a critical section (interrupt mode: " + interruptMode + ")");
			}
			if (random.nextBoolean()) {
				// Inside a section an exit-aware wait is the plain primitive: it does not end with ThreadExit.
				Exit.sleep(Duration.ofNanos(random.nextInt(20_000)));
			}
			else if (this.queue.poll(Duration.ofNanos(random.nextInt(20_000))) != null) {
				this.polled.incrementAndGet();
			}
			if (Thread.currentThread().isInterrupted()) {
				violation("interrupt status set inside a critical section (interrupt mode: " + interruptMode + ")");
			}
		}

		private void joinWorkers() throws InterruptedException {
			long deadline = System.nanoTime() + AT_MOST.toNanos();
			for (Thread worker : this.workers) {
				worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
		}

		private void verify() throws Exception {
			assertThat(this.violations).as(describe("violations")).isEmpty();
			assertThat(this.workers).as(describe("workers alive")).noneMatch(Thread::isAlive);
			assertThat(this.workerExits).as(describe("workers ended with ThreadExit")).hasValue(WORKERS);
			assertThat(this.monitor.phase()).as(describe("final phase")).isEqualTo(ExitPhase.LATE_EXIT_DONE);
			assertThat(this.monitor.isExitRequested()).isTrue();
			ExitReason reason = this.monitor.reason().orElseThrow();
			assertThat(this.winners).as(describe("requestExit calls that returned true")).hasSizeLessThanOrEqualTo(1);
			if (this.winners.isEmpty()) {
				assertThat(reason.description()).as(describe("reason without winner")).isEqualTo(IMPLICIT_REASON);
				this.totals.implicitReasons.incrementAndGet();
			}
			else {
				assertThat(reason).as(describe("reason")).isSameAs(this.winners.peek());
			}
			assertThat(this.seenReasons).as(describe("reasons seen by callbacks and actions"))
				.allSatisfy((seen) -> assertThat(seen).isSameAs(reason));
			assertThat(this.monitor.exitFuture().get(AT_MOST.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(reason);
			for (CompletableFuture<ExitReason> future : this.futures) {
				assertThat(future.get(AT_MOST.toMillis(), TimeUnit.MILLISECONDS)).as(describe("exitFuture"))
					.isSameAs(reason);
			}
			verifyRegistrations(this.actions, "onExit action");
			verifyRegistrations(this.early, "early callback");
			verifyRegistrations(this.late, "late callback");
			long lastEarlyEnd = this.early.stream()
				.mapToLong((registration) -> registration.endTick.get())
				.max()
				.orElse(0);
			long firstLateStart = this.late.stream()
				.filter((registration) -> registration.accepted)
				.mapToLong((registration) -> registration.startTick.get())
				.min()
				.orElse(Long.MAX_VALUE);
			assertThat(lastEarlyEnd).as(describe("last early callback end before first late callback start"))
				.isLessThan(firstLateStart);
			assertThat(this.offered.get()).as(describe("elements offered = polled + left in the queue"))
				.isEqualTo(this.polled.get() + this.queue.size());
		}

		private void verifyRegistrations(Queue<Registration> registrations, String what) {
			for (Registration registration : registrations) {
				assertThat(registration.accepted ^ registration.rejected)
					.as(describe(what + " either accepted or rejected: " + registration))
					.isTrue();
				assertThat(registration.runs).as(describe("runs of " + what + " " + registration))
					.hasValue(registration.accepted ? 1 : 0);
				if (registration.accepted) {
					this.totals.accepted.incrementAndGet();
				}
				else {
					this.totals.rejected.incrementAndGet();
				}
			}
		}

		private void violation(String message) {
			this.violations.add(message + " (phase " + this.monitor.phase() + ")");
		}

		private String describe(String what) {
			return what + " in round " + this.index + " (seed " + SEED + ")";
		}

		/**
		 * Phases seen by one thread, in order: they never go back, and a reason exists once running ends.
		 */
		private final class Observer {

			private final String name;

			private ExitPhase last = ExitPhase.RUNNING;

			Observer(String name) {
				this.name = name;
			}

			void observe() {
				ExitPhase phase = Round.this.monitor.phase();
				if (phase.ordinal() < this.last.ordinal()) {
					violation(this.name + " saw phase " + phase + " after " + this.last);
				}
				else {
					this.last = phase;
				}
				if (phase != ExitPhase.RUNNING) {
					ExitReason reason = Round.this.monitor.reason().orElse(null);
					if (reason == null) {
						violation(this.name + " saw phase " + phase + " without a reason");
					}
					else {
						Round.this.seenReasons.add(reason);
					}
				}
			}

			/**
			 * Record that the phase is known to be at least the given one (awaitPhase returned true).
			 */
			void reached(ExitPhase phase) {
				if (phase.ordinal() > this.last.ordinal()) {
					this.last = phase;
				}
				observe();
			}

		}

	}

	/**
	 * A callback or action registered by an actor, and how it ran.
	 */
	private static final class Registration {

		private final String kind;

		private final AtomicInteger runs = new AtomicInteger();

		private final AtomicLong startTick = new AtomicLong();

		private final AtomicLong endTick = new AtomicLong();

		private volatile boolean accepted;

		private volatile boolean rejected;

		Registration(String kind) {
			this.kind = kind;
		}

		void run(AtomicLong clock) {
			this.startTick.compareAndSet(0, clock.incrementAndGet());
			this.runs.incrementAndGet();
		}

		void end(AtomicLong clock) {
			this.endTick.set(clock.incrementAndGet());
		}

		@Override
		public String toString() {
			return this.kind + " [accepted=" + this.accepted + ", rejected=" + this.rejected + ", runs=" + this.runs
					+ "]";
		}

	}

	/**
	 * Counts over all rounds, printed at the end.
	 */
	private static final class Totals {

		private final AtomicLong operations = new AtomicLong();

		private final AtomicInteger exitRequests = new AtomicInteger();

		private final AtomicInteger completeExitCalls = new AtomicInteger();

		private final AtomicInteger workerStopRequests = new AtomicInteger();

		private final AtomicInteger implicitReasons = new AtomicInteger();

		private final AtomicInteger accepted = new AtomicInteger();

		private final AtomicInteger rejected = new AtomicInteger();

		@Override
		public String toString() {
			return this.exitRequests + " requestExit calls, " + this.completeExitCalls
					+ " completeExit calls by actors, " + this.workerStopRequests + " worker stop requests, "
					+ this.implicitReasons + " monitors ended by the implicit completeExit reason, " + this.accepted
					+ " registrations accepted and run once, " + this.rejected + " rejected";
		}

	}

	private static void spin(int iterations) {
		for (int i = 0; i < iterations; i++) {
			Thread.onSpinWait();
		}
	}

}

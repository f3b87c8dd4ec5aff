package dev.exitmonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Race tests for exit-aware waits and exit registration: a thousand threads blocked in every kind of
 * exit-aware wait, and exit requests that land in the middle of a hand-over, a critical section or a
 * registration.
 */
class ExitAwareWaitRaceTests {

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	private static final long SEED = 42;

	private static final int WAITER_COUNT = 100 * WaitKind.values().length;

	@Test
	void exitRequestWakesOverAThousandThreadsBlockedInEveryKindOfWaitWithoutLeakingInterrupts() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("thousand-waiters");
		try (Waiters waiters = new Waiters(monitor)) {
			Map<WaitKind, Integer> perKind = new EnumMap<>(WaitKind.class);
			for (int i = 0; i < WAITER_COUNT; i++) {
				WaitKind kind = WaitKind.values()[i % WaitKind.values().length];
				waiters.start(kind);
				perKind.merge(kind, 1, Integer::sum);
			}
			System.out.println("Blocking " + WAITER_COUNT + " threads, per kind: " + perKind);
			assertThat(perKind).hasSize(WaitKind.values().length);
			int share = WAITER_COUNT / WaitKind.values().length;
			assertThat(perKind.values()).allSatisfy((count) -> assertThat(count).isEqualTo(share));
			await().atMost(AT_MOST).until(() -> waiters.allBlocked(waiters.all()));
			long start = System.nanoTime();
			assertThat(monitor.requestExit(ExitReason.requested("test"))).isTrue();
			await().atMost(AT_MOST).untilAsserted(() -> assertThat(waiters.exits.get()).isEqualTo(WAITER_COUNT));
			System.out.println("All " + WAITER_COUNT + " waiters ended with ThreadExit "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms after the exit request");
			waiters.joinAll();
			assertThat(waiters.failures).isEmpty();
			assertThat(waiters.exits).hasValue(WAITER_COUNT);
			assertThat(waiters.interruptedAfterExit).hasValue(0);
			assertThat(waiters.all()).noneMatch(Thread::isAlive);
			assertThat(monitor.threads()).isEmpty();
			waiters.assertPrimitivesUntouched();
		}
	}

	@Test
	void stopRequestOfOneThreadWakesOnlyThatThreadInEveryKindOfWait() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("single-waiter");
		try (Waiters waiters = new Waiters(monitor)) {
			Map<WaitKind, List<Thread>> byKind = new EnumMap<>(WaitKind.class);
			for (WaitKind kind : WaitKind.values()) {
				List<Thread> threads = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					threads.add(waiters.start(kind));
				}
				byKind.put(kind, threads);
			}
			await().atMost(AT_MOST).until(() -> waiters.allBlocked(waiters.all()));
			List<Thread> stopped = new ArrayList<>();
			for (WaitKind kind : WaitKind.values()) {
				Thread target = byKind.get(kind).get(0);
				Interruption.request(target);
				stopped.add(target);
				target.join(AT_MOST.toMillis());
				assertThat(target.isAlive()).as("%s woken by its stop request", target.getName()).isFalse();
				assertThat(waiters.exits).as("threads ended after stopping %s", target.getName())
					.hasValue(stopped.size());
				List<Thread> others = new ArrayList<>(waiters.all());
				others.removeAll(stopped);
				await().during(Duration.ofMillis(100))
					.atMost(AT_MOST)
					.until(() -> waiters.exits.get() == stopped.size() && waiters.allBlocked(others));
				assertThat(others).noneMatch(Interruption::isRequested);
				assertThat(monitor.isExitRequested()).isFalse();
			}
			assertThat(waiters.failures).isEmpty();
			assertThat(waiters.interruptedAfterExit).hasValue(0);
			monitor.requestExit(ExitReason.requested("test"));
			await().atMost(AT_MOST)
				.untilAsserted(() -> assertThat(waiters.exits).hasValue(waiters.all().size()));
			waiters.joinAll();
			assertThat(waiters.failures).isEmpty();
			assertThat(waiters.interruptedAfterExit).hasValue(0);
			waiters.assertPrimitivesUntouched();
		}
	}

	@Test
	void exitRequestedWhileThreadsAreEnteringTheirWaitsWakesEveryOne() throws Exception {
		int iterations = 300;
		Random random = new Random(SEED);
		for (int i = 0; i < iterations; i++) {
			ExitMonitor monitor = ExitMonitor.create("entering-waits-" + i);
			try (Waiters waiters = new Waiters(monitor)) {
				for (WaitKind kind : WaitKind.values()) {
					waiters.start(kind);
				}
				spin(random.nextInt(40_000));
				monitor.requestExit(ExitReason.requested("entering waits " + i));
				waiters.joinAll();
				assertThat(waiters.all()).as("waiters still blocked %d s after the exit request in iteration %d",
						AT_MOST.toSeconds(), i)
					.noneMatch(Thread::isAlive);
				assertThat(waiters.failures).as("failures in iteration %d", i).isEmpty();
				assertThat(waiters.exits).as("waiters ended with ThreadExit in iteration %d", i)
					.hasValue(WaitKind.values().length);
				assertThat(waiters.interruptedAfterExit).as("interrupts left in iteration %d", i).hasValue(0);
				waiters.assertPrimitivesUntouched();
			}
		}
		System.out.println("Exit requested while threads enter their waits: " + iterations + " iterations (seed "
				+ SEED + "), " + WaitKind.values().length + " kinds of wait each");
	}

	@ParameterizedTest
	@EnumSource(QueueKind.class)
	void elementArrivingWhileExitIsRequestedIsEitherTakenOrLeftInTheQueue(QueueKind queueKind) throws Exception {
		int iterations = 2_000;
		Random random = new Random(SEED);
		int taken = 0;
		int left = 0;
		for (int i = 0; i < iterations; i++) {
			ExitMonitor monitor = ExitMonitor.create("take-race-" + i);
			ExitAwareQueue<Integer> queue = queueKind.create();
			CyclicBarrier start = new CyclicBarrier(2);
			AtomicReference<Integer> received = new AtomicReference<>();
			AtomicBoolean exited = new AtomicBoolean();
			AtomicBoolean interrupted = new AtomicBoolean();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			int consumerSpins = random.nextInt(4_000);
			int producerSpins = random.nextInt(4_000);
			int betweenSpins = random.nextInt(200);
			boolean offerFirst = random.nextBoolean();
			Thread consumer = monitor.threadFactory(Executors.defaultThreadFactory(), InterruptMode.COOPERATIVE)
				.newThread(() -> {
					try {
						start.await();
						spin(consumerSpins);
						received.set(queue.take());
					}
					catch (ThreadExit ex) {
						exited.set(true);
					}
					catch (Throwable ex) {
						failure.set(ex);
					}
					interrupted.set(Thread.currentThread().isInterrupted());
				});
			consumer.setName("take-race-consumer-" + i);
			consumer.start();
			try {
				start.await(AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
				spin(producerSpins);
				if (offerFirst) {
					queue.offer(i);
					spin(betweenSpins);
					monitor.requestExit(ExitReason.requested("take race " + i));
				}
				else {
					monitor.requestExit(ExitReason.requested("take race " + i));
					spin(betweenSpins);
					queue.offer(i);
				}
				consumer.join(AT_MOST.toMillis());
				assertThat(consumer.isAlive()).as("consumer of iteration %d ended", i).isFalse();
				assertThat(failure.get()).as("failure in iteration %d", i).isNull();
				assertThat(interrupted).as("interrupt status of the consumer in iteration %d", i).isFalse();
				if (received.get() != null) {
					assertThat(received.get()).isEqualTo(i);
					assertThat(exited).as("take() returned the element and threw in iteration %d", i).isFalse();
					assertThat(queue).as("queue after the element was taken in iteration %d", i).isEmpty();
					taken++;
				}
				else {
					assertThat(exited).as("take() ended with ThreadExit in iteration %d", i).isTrue();
					assertThat(queue).as("queue after ThreadExit in iteration %d", i).containsExactly(i);
					left++;
				}
			}
			finally {
				stopAndJoin(monitor, consumer);
			}
		}
		System.out.println("take() race: " + iterations + " iterations (seed " + SEED + "), element taken " + taken
				+ " times, left in the queue " + left + " times");
		assertThat(taken + left).isEqualTo(iterations);
	}

	@ParameterizedTest
	@EnumSource(QueueKind.class)
	void interruptModeThreadThatTakesAnElementAsExitIsRequestedKeepsItsHardInterrupt(QueueKind queueKind)
			throws Exception {
		// InterruptMode.INTERRUPT: a stop interrupts the thread whenever it is outside a critical section.
		// When take() returns an element in the same instant, only the wake-up interrupt may be consumed.
		int iterations = 200;
		int taken = 0;
		int takenWithoutInterrupt = 0;
		for (int i = 0; i < iterations; i++) {
			ExitMonitor monitor = ExitMonitor.create("interrupt-mode-take-race-" + i);
			ExitAwareQueue<Integer> queue = queueKind.create();
			CountDownLatch exitRequested = new CountDownLatch(1);
			AtomicReference<Integer> received = new AtomicReference<>();
			AtomicBoolean interrupted = new AtomicBoolean();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread consumer = monitor.threadFactory(Executors.defaultThreadFactory(), InterruptMode.INTERRUPT)
				.newThread(() -> {
					try {
						received.set(queue.take());
					}
					catch (ThreadExit ex) {
						// The stop won: the element stays in the queue.
					}
					catch (Throwable ex) {
						failure.set(ex);
					}
					interrupted.set(awaitUninterruptibly(exitRequested) || Thread.currentThread().isInterrupted());
				});
			consumer.setName("interrupt-mode-consumer-" + i);
			consumer.start();
			try {
				await().atMost(AT_MOST)
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(1))
					.until(() -> consumer.getState() == Thread.State.WAITING);
				queue.offer(i);
				monitor.requestExit(ExitReason.requested("interrupt-mode take race " + i));
				exitRequested.countDown();
				consumer.join(AT_MOST.toMillis());
				assertThat(consumer.isAlive()).isFalse();
				assertThat(failure.get()).as("failure in iteration %d", i).isNull();
				if (received.get() != null) {
					taken++;
					takenWithoutInterrupt += interrupted.get() ? 0 : 1;
				}
			}
			finally {
				exitRequested.countDown();
				stopAndJoin(monitor, consumer);
			}
		}
		System.out.println("INTERRUPT-mode take() race: " + iterations + " iterations, element taken " + taken
				+ " times, hard interrupt missing afterwards " + takenWithoutInterrupt + " times");
		assertThat(takenWithoutInterrupt)
			.as("iterations where take() returned the element but the INTERRUPT-mode thread, outside any critical "
					+ "section and asked to stop, had no interrupt status (of %d where the element was taken)", taken)
			.isZero();
	}

	@Test
	void hardInterruptNeverLandsInsideACriticalSectionAndIsSeenAfterIt() throws Exception {
		int iterations = 500;
		Random random = new Random(SEED);
		long sections = 0;
		int viaMonitor = 0;
		for (int i = 0; i < iterations; i++) {
			ExitMonitor monitor = ExitMonitor.create("critical-race-" + i);
			CyclicBarrier start = new CyclicBarrier(2);
			AtomicBoolean interruptedInside = new AtomicBoolean();
			AtomicBoolean checkThrewInside = new AtomicBoolean();
			AtomicBoolean interruptSeenAfterSection = new AtomicBoolean();
			AtomicBoolean interruptMissing = new AtomicBoolean();
			AtomicBoolean interruptWithoutRequest = new AtomicBoolean();
			AtomicLong sectionCount = new AtomicLong();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			int nesting = 1 + random.nextInt(3);
			int workSpins = random.nextInt(50);
			Thread worker = monitor.threadFactory(Executors.defaultThreadFactory(), InterruptMode.INTERRUPT)
				.newThread(() -> {
					try {
						start.await();
						long count = 0;
						while (true) {
							boolean requestedBefore = Exit.requested();
							criticalSection(nesting, workSpins, interruptedInside, checkThrewInside);
							count++;
							if (Thread.currentThread().isInterrupted()) {
								interruptSeenAfterSection.set(true);
								interruptWithoutRequest.set(!Exit.requested());
								break;
							}
							if (requestedBefore) {
								// Requested before the section opened: the interrupt was due when it closed.
								interruptMissing.set(true);
								break;
							}
						}
						sectionCount.set(count);
					}
					catch (Throwable ex) {
						failure.set(ex);
					}
				});
			worker.setName("critical-race-worker-" + i);
			worker.start();
			try {
				start.await(AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
				spin(random.nextInt(20_000));
				if (random.nextBoolean()) {
					monitor.requestExit(ExitReason.requested("critical race " + i));
					viaMonitor++;
				}
				else {
					Interruption.request(worker);
				}
				worker.join(AT_MOST.toMillis());
				assertThat(worker.isAlive()).as("worker of iteration %d ended", i).isFalse();
				assertThat(failure.get()).as("failure in iteration %d", i).isNull();
				assertThat(interruptedInside).as("interrupt status inside a critical section in iteration %d", i)
					.isFalse();
				assertThat(checkThrewInside).as("Exit.check() threw inside a critical section in iteration %d", i)
					.isFalse();
				assertThat(interruptMissing)
					.as("no interrupt after the first section closed after the stop request in iteration %d", i)
					.isFalse();
				assertThat(interruptSeenAfterSection).as("interrupt seen after a section in iteration %d", i).isTrue();
				assertThat(interruptWithoutRequest).as("interrupt without stop request in iteration %d", i).isFalse();
				sections += sectionCount.get();
			}
			finally {
				stopAndJoin(monitor, worker);
			}
		}
		System.out.println("Critical section race: " + iterations + " iterations (seed " + SEED + "), " + viaMonitor
				+ " stopped through the monitor, " + (iterations - viaMonitor) + " through Interruption.request, "
				+ sections + " critical sections entered");
	}

	@Test
	void actionRegisteredWithOnExitWhileExitIsRequestedRunsExactlyOnce() throws Exception {
		int iterations = 500;
		int registrars = 8;
		int actionsPerRegistrar = 5;
		Random random = new Random(SEED);
		ExecutorService pool = Executors.newFixedThreadPool(registrars + 1);
		int ranAtOnce = 0;
		try {
			for (int i = 0; i < iterations; i++) {
				ExitMonitor monitor = ExitMonitor.create("on-exit-race-" + i);
				CyclicBarrier start = new CyclicBarrier(registrars + 1);
				AtomicInteger[] runs = new AtomicInteger[registrars * actionsPerRegistrar];
				boolean[] afterExit = new boolean[runs.length];
				List<Future<?>> futures = new ArrayList<>();
				for (int r = 0; r < registrars; r++) {
					int first = r * actionsPerRegistrar;
					int spins = random.nextInt(2_000);
					futures.add(pool.submit(() -> {
						start.await();
						for (int a = first; a < first + actionsPerRegistrar; a++) {
							spin(spins);
							AtomicInteger counter = new AtomicInteger();
							runs[a] = counter;
							afterExit[a] = monitor.isExitRequested();
							monitor.onExit(counter::incrementAndGet);
						}
						return null;
					}));
				}
				ExitReason reason = ExitReason.requested("on-exit race " + i);
				int requesterSpins = random.nextInt(8_000);
				futures.add(pool.submit(() -> {
					start.await();
					spin(requesterSpins);
					return monitor.requestExit(reason);
				}));
				for (Future<?> future : futures) {
					future.get(AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
				}
				for (int a = 0; a < runs.length; a++) {
					assertThat(runs[a]).as("runs of action %d in iteration %d", a, i).hasValue(1);
					ranAtOnce += afterExit[a] ? 1 : 0;
				}
			}
		}
		finally {
			shutdown(pool);
		}
		int total = iterations * registrars * actionsPerRegistrar;
		System.out.println("onExit race: " + iterations + " iterations (seed " + SEED + "), " + total + " actions, "
				+ ranAtOnce + " registered after the exit began");
	}

	@Test
	void earlyCallbackRegisteredWhileExitIsRequestedIsEitherRejectedOrRunOnce() throws Exception {
		int iterations = 500;
		int registrars = 8;
		int callbacksPerRegistrar = 5;
		Random random = new Random(SEED);
		ExecutorService pool = Executors.newFixedThreadPool(registrars + 1);
		int accepted = 0;
		int rejected = 0;
		try {
			for (int i = 0; i < iterations; i++) {
				ExitMonitor monitor = ExitMonitor.create("register-early-race-" + i);
				ExitReason reason = ExitReason.requested("register-early race " + i);
				CyclicBarrier start = new CyclicBarrier(registrars + 1);
				int count = registrars * callbacksPerRegistrar;
				AtomicInteger[] runs = new AtomicInteger[count];
				Throwable[] rejections = new Throwable[count];
				boolean[] registered = new boolean[count];
				Queue<ExitReason> seenReasons = new ConcurrentLinkedQueue<>();
				List<Future<?>> futures = new ArrayList<>();
				for (int r = 0; r < registrars; r++) {
					int first = r * callbacksPerRegistrar;
					int spins = random.nextInt(2_000);
					futures.add(pool.submit(() -> {
						start.await();
						for (int c = first; c < first + callbacksPerRegistrar; c++) {
							spin(spins);
							AtomicInteger counter = new AtomicInteger();
							runs[c] = counter;
							try {
								monitor.registerEarly((why) -> {
									seenReasons.add(why);
									counter.incrementAndGet();
								});
								registered[c] = true;
							}
							catch (IllegalStateException ex) {
								rejections[c] = ex;
							}
						}
						return null;
					}));
				}
				int requesterSpins = random.nextInt(8_000);
				futures.add(pool.submit(() -> {
					start.await();
					spin(requesterSpins);
					return monitor.requestExit(reason);
				}));
				for (Future<?> future : futures) {
					future.get(AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
				}
				for (int c = 0; c < count; c++) {
					if (registered[c]) {
						assertThat(rejections[c]).isNull();
						assertThat(runs[c]).as("runs of accepted callback %d in iteration %d", c, i).hasValue(1);
						accepted++;
					}
					else {
						assertThat(rejections[c]).as("rejection of callback %d in iteration %d", c, i)
							.isInstanceOf(IllegalStateException.class)
							.hasMessageContaining("the early exit phase has already started");
						assertThat(runs[c]).as("runs of rejected callback %d in iteration %d", c, i).hasValue(0);
						rejected++;
					}
				}
				assertThat(seenReasons).allSatisfy((seen) -> assertThat(seen).isSameAs(reason));
			}
		}
		finally {
			shutdown(pool);
		}
		System.out.println("registerEarly race: " + iterations + " iterations (seed " + SEED + "), " + accepted
				+ " callbacks accepted and run, " + rejected + " rejected");
		assertThat(accepted + rejected).isEqualTo(iterations * registrars * callbacksPerRegistrar);
	}

	private static void criticalSection(int nesting, int workSpins, AtomicBoolean interruptedInside,
			AtomicBoolean checkThrewInside) {
		try (CriticalSection section = Exit.critical()) {
			if (Thread.currentThread().isInterrupted()) {
				interruptedInside.set(true);
			}
			try {
				Exit.check();
			}
			catch (ThreadExit ex) {
				checkThrewInside.set(true);
			}
			spin(workSpins);
			if (nesting > 1) {
				criticalSection(nesting - 1, workSpins, interruptedInside, checkThrewInside);
			}
			if (Thread.currentThread().isInterrupted()) {
				interruptedInside.set(true);
			}
		}
	}

	/**
	 * Wait for a latch without giving up on an interrupt.
	 * @return whether the thread was interrupted while waiting
	 */
	private static boolean awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		while (true) {
			try {
				latch.await();
				return interrupted;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
	}

	private static void spin(int iterations) {
		for (int i = 0; i < iterations; i++) {
			Thread.onSpinWait();
		}
	}

	private static void stopAndJoin(ExitMonitor monitor, Thread thread) throws InterruptedException {
		monitor.requestExit(ExitReason.requested("test cleanup"));
		thread.join(AT_MOST.toMillis());
		if (thread.isAlive()) {
			thread.interrupt();
			thread.join(AT_MOST.toMillis());
		}
	}

	private static void shutdown(ExecutorService pool) throws InterruptedException {
		pool.shutdownNow();
		assertThat(pool.awaitTermination(AT_MOST.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
	}

	/**
	 * The kinds of exit-aware wait, each blocking on a primitive that is never released.
	 */
	enum WaitKind {

		TAKE(Thread.State.WAITING),

		POLL(Thread.State.TIMED_WAITING),

		PUT(Thread.State.WAITING),

		OWNED_TAKE(Thread.State.WAITING),

		OWNED_POLL(Thread.State.TIMED_WAITING),

		OWNED_PUT(Thread.State.WAITING),

		SLEEP(Thread.State.TIMED_WAITING),

		LATCH(Thread.State.WAITING),

		CONDITION(Thread.State.WAITING),

		SEMAPHORE(Thread.State.WAITING),

		LOCK(Thread.State.WAITING);

		private final Thread.State blockedState;

		WaitKind(Thread.State blockedState) {
			this.blockedState = blockedState;
		}

	}

	/**
	 * The two kinds of {@link ExitAwareQueue}: one that wraps a queue others may use and wakes by interrupt,
	 * one that owns its storage and wakes by unpark.
	 */
	enum QueueKind {

		WRAPPED, OWNED;

		<E> ExitAwareQueue<E> create() {
			return (this == WRAPPED) ? ExitAwareQueue.wrap(new LinkedBlockingQueue<>()) : ExitAwareQueue.linked();
		}

	}

	/**
	 * Threads bound to one monitor, each blocked in one kind of exit-aware wait, with what they saw.
	 */
	private static final class Waiters implements AutoCloseable {

		private static final String FULL_QUEUE_ELEMENT = "initial";

		private final ExitMonitor monitor;

		private final ThreadFactory factory;

		private final ExitAwareQueue<String> emptyQueue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());

		private final ExitAwareQueue<String> fullQueue = ExitAwareQueue.wrap(new ArrayBlockingQueue<>(1));

		private final ExitAwareQueue<String> emptyOwnedQueue = ExitAwareQueue.linked();

		private final ExitAwareQueue<String> fullOwnedQueue = ExitAwareQueue.array(1);

		private final CountDownLatch latch = new CountDownLatch(1);

		private final ReentrantLock conditionLock = new ReentrantLock();

		private final Condition condition = this.conditionLock.newCondition();

		private final Semaphore semaphore = new Semaphore(0);

		/** Held by the test thread for the whole test. */
		private final ReentrantLock heldLock = new ReentrantLock();

		private final List<Thread> threads = new ArrayList<>();

		private final Map<String, WaitKind> kinds = new ConcurrentHashMap<>();

		private final AtomicInteger exits = new AtomicInteger();

		private final AtomicInteger interruptedAfterExit = new AtomicInteger();

		private final Queue<String> failures = new ConcurrentLinkedQueue<>();

		Waiters(ExitMonitor monitor) {
			this.monitor = monitor;
			this.factory = monitor.threadFactory(Executors.defaultThreadFactory(), InterruptMode.COOPERATIVE);
			this.fullQueue.add(FULL_QUEUE_ELEMENT);
			this.fullOwnedQueue.add(FULL_QUEUE_ELEMENT);
			this.heldLock.lock();
		}

		Thread start(WaitKind kind) {
			Thread thread = this.factory.newThread(() -> run(kind));
			thread.setName("waiter-" + kind + "-" + this.threads.size());
			this.kinds.put(thread.getName(), kind);
			this.threads.add(thread);
			thread.start();
			return thread;
		}

		List<Thread> all() {
			return this.threads;
		}

		private void run(WaitKind kind) {
			String name = Thread.currentThread().getName();
			try {
				block(kind);
				this.failures.add(name + ": the wait returned normally");
			}
			catch (ThreadExit ex) {
				if (Thread.currentThread().isInterrupted()) {
					this.interruptedAfterExit.incrementAndGet();
					this.failures.add(name + ": interrupt status set after ThreadExit");
				}
				this.exits.incrementAndGet();
			}
			catch (Throwable ex) {
				this.failures.add(name + ": " + ex);
			}
		}

		private void block(WaitKind kind) throws InterruptedException {
			switch (kind) {
				case TAKE -> this.emptyQueue.take();
				case POLL -> this.emptyQueue.poll(Duration.ofHours(1));
				case PUT -> this.fullQueue.put("overflow");
				case OWNED_TAKE -> this.emptyOwnedQueue.take();
				case OWNED_POLL -> this.emptyOwnedQueue.poll(Duration.ofHours(1));
				case OWNED_PUT -> this.fullOwnedQueue.put("overflow");
				case SLEEP -> Exit.sleep(Duration.ofHours(1));
				case LATCH -> Exit.await(this.latch);
				case CONDITION -> awaitCondition();
				case SEMAPHORE -> Exit.acquire(this.semaphore);
				case LOCK -> Exit.lock(this.heldLock);
			}
		}

		private void awaitCondition() throws InterruptedException {
			this.conditionLock.lock();
			try {
				Exit.await(this.condition);
			}
			catch (ThreadExit ex) {
				if (!this.conditionLock.isHeldByCurrentThread()) {
					this.failures.add(Thread.currentThread().getName() + ": condition lock not held after ThreadExit");
				}
				throw ex;
			}
			finally {
				if (this.conditionLock.isHeldByCurrentThread()) {
					this.conditionLock.unlock();
				}
			}
		}

		boolean allBlocked(List<Thread> subset) {
			Map<String, ThreadReport> reports = new HashMap<>();
			for (ThreadReport report : this.monitor.threads()) {
				reports.put(report.threadName(), report);
			}
			for (Thread thread : subset) {
				ThreadReport report = reports.get(thread.getName());
				if (report == null || !report.waiting() || report.stopRequested()
						|| report.threadState() != this.kinds.get(thread.getName()).blockedState) {
					return false;
				}
			}
			return true;
		}

		void joinAll() throws InterruptedException {
			long deadline = System.nanoTime() + AT_MOST.toNanos();
			for (Thread thread : this.threads) {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
		}

		void assertPrimitivesUntouched() {
			assertThat(this.emptyQueue).isEmpty();
			assertThat(this.fullQueue).containsExactly(FULL_QUEUE_ELEMENT);
			assertThat(this.emptyOwnedQueue).isEmpty();
			assertThat(this.fullOwnedQueue).containsExactly(FULL_QUEUE_ELEMENT);
			assertThat(this.latch.getCount()).isOne();
			assertThat(this.semaphore.availablePermits()).isZero();
			assertThat(this.conditionLock.isLocked()).isFalse();
			assertThat(this.heldLock.isHeldByCurrentThread()).isTrue();
			assertThat(this.heldLock.getHoldCount()).isOne();
		}

		@Override
		public void close() throws InterruptedException {
			this.monitor.requestExit(ExitReason.requested("test cleanup"));
			joinAll();
			if (this.threads.stream().anyMatch(Thread::isAlive)) {
				// Only reached if the exit did not wake everybody: release every primitive.
				this.latch.countDown();
				this.semaphore.release(this.threads.size());
				this.emptyQueue.addAll(Collections.nCopies(this.threads.size(), "release"));
				this.fullQueue.clear();
				this.threads.forEach(Thread::interrupt);
			}
			this.heldLock.unlock();
			joinAll();
			assertThat(this.threads).noneMatch(Thread::isAlive);
		}

	}

}

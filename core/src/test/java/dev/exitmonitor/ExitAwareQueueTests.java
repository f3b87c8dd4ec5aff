package dev.exitmonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.exitmonitor.internal.DrainTarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link ExitAwareQueue}s that own their storage ({@link ExitAwareQueue#linked()},
 * {@link ExitAwareQueue#array(int)}): waiting threads park, every insertion and removal wakes the threads
 * waiting for it, and a stop request wakes them without an interrupt.
 */
class ExitAwareQueueTests {

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	private final ExitMonitor monitor = ExitMonitor.create("queues");

	/** Calls of {@link Thread#interrupt()} on the threads of {@link #threads}, by thread name. */
	private final Map<String, AtomicInteger> interrupts = new ConcurrentHashMap<>();

	private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

	private final ThreadFactory factory = this.monitor.threadFactory((runnable) -> new Thread(runnable) {

		@Override
		public void interrupt() {
			ExitAwareQueueTests.this.interrupts.computeIfAbsent(getName(), (name) -> new AtomicInteger())
				.incrementAndGet();
			super.interrupt();
		}

	}, InterruptMode.COOPERATIVE);

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.monitor.requestExit(ExitReason.requested("test cleanup"));
		for (Thread thread : this.threads) {
			thread.join(AT_MOST.toMillis());
			assertThat(thread.isAlive()).as("%s ended", thread.getName()).isFalse();
		}
	}

	private Thread start(String name, Runnable body) {
		Thread thread = this.factory.newThread(body);
		thread.setName(name);
		this.threads.add(thread);
		thread.start();
		return thread;
	}

	/** Start a thread that runs a blocking call and completes the future with its result or failure. */
	private <T> CompletableFuture<T> startBlocking(String name, BlockingCall<T> call) {
		CompletableFuture<T> outcome = new CompletableFuture<>();
		Thread thread = start(name, () -> {
			try {
				outcome.complete(call.call());
			}
			catch (Throwable ex) {
				outcome.completeExceptionally(ex);
			}
		});
		awaitBlocked(thread);
		assertThat(outcome).isNotDone();
		return outcome;
	}

	private Thread threadNamed(String name) {
		synchronized (this.threads) {
			return this.threads.stream()
				.filter((thread) -> thread.getName().equals(name))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No thread named " + name));
		}
	}

	private static void awaitBlocked(Thread thread) {
		Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(AT_MOST).until(() -> {
			Thread.State state = thread.getState();
			return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
		});
	}

	/** An unbounded linked queue, or an array queue with room to spare, both owning their storage. */
	private static <E> ExitAwareQueue<E> ownedQueue(String kind) {
		return switch (kind) {
			case "linked" -> ExitAwareQueue.linked();
			case "array" -> ExitAwareQueue.array(4);
			default -> throw new IllegalArgumentException(kind);
		};
	}

	private int interruptsOf(String threadName) {
		AtomicInteger count = this.interrupts.get(threadName);
		return (count != null) ? count.get() : 0;
	}

	@Test
	void stopRequestWakesWaitersOfOwnedQueuesAndExitSleepWithoutInterruptingThem() throws Exception {
		ExitAwareQueue<String> empty = ExitAwareQueue.linked();
		ExitAwareQueue<String> full = ExitAwareQueue.array(1);
		full.add("first");
		ExitAwareQueue<String> wrapped = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());
		List<CompletableFuture<?>> waits = List.of(startBlocking("owned-take", empty::take),
				startBlocking("owned-poll", () -> empty.poll(Duration.ofHours(1))),
				startBlocking("owned-put", () -> {
					full.put("second");
					return null;
				}), startBlocking("owned-offer", () -> full.offer("second", 1, TimeUnit.HOURS)),
				startBlocking("sleep", () -> {
					Exit.sleep(Duration.ofHours(1));
					return null;
				}), startBlocking("wrapped-take", wrapped::take));
		this.monitor.requestExit(ExitReason.requested("test"));
		for (CompletableFuture<?> wait : waits) {
			assertThatThrownBy(() -> wait.get(AT_MOST.toSeconds(), TimeUnit.SECONDS))
				.hasCauseInstanceOf(ThreadExit.class);
		}
		for (String name : List.of("owned-take", "owned-poll", "owned-put", "owned-offer", "sleep")) {
			assertThat(interruptsOf(name)).as("interrupt() calls on %s", name).isZero();
		}
		assertThat(interruptsOf("wrapped-take")).as("a wrapped queue wakes by interrupt").isOne();
		assertThat(empty).isEmpty();
		assertThat(full).containsExactly("first");
	}

	@ParameterizedTest
	@ValueSource(strings = { "linked", "array", "wrapped" })
	void streamOverAQueueThatOthersChangeNeverFails(String kind) throws Exception {
		// A stream is weakly consistent, as over the JDK's concurrent queues: it may miss changes made while it
		// runs, but a spliterator that promised a fixed size would fail on them.
		ExitAwareQueue<Integer> queue = "wrapped".equals(kind) ? ExitAwareQueue.wrap(new ArrayBlockingQueue<>(8))
				: ownedQueue(kind);
		for (int i = 0; i < 3; i++) {
			queue.add(i);
		}
		CountDownLatch done = new CountDownLatch(1);
		Thread changer = new Thread(() -> {
			int next = 3;
			while (done.getCount() > 0) {
				queue.offer(next++);
				queue.poll();
				queue.poll();
				queue.offer(next++);
			}
		}, "changer");
		changer.start();
		try {
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
			while (System.nanoTime() - deadline < 0) {
				assertThat(queue.stream().toArray()).doesNotContainNull();
			}
		}
		finally {
			done.countDown();
			changer.join(AT_MOST.toMillis());
		}
		assertThat(changer.isAlive()).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "linked, offer", "linked, add", "linked, put", "linked, timed offer", "linked, addAll", "array, offer",
			"array, add", "array, put", "array, timed offer", "array, addAll" })
	void blockedTakeIsWokenByEveryKindOfInsertion(String kind, String insertion) throws Exception {
		ExitAwareQueue<String> queue = ownedQueue(kind);
		CompletableFuture<String> taken = startBlocking("taker", queue::take);
		switch (insertion) {
			case "offer" -> queue.offer("job");
			case "add" -> queue.add("job");
			case "put" -> queue.put("job");
			case "timed offer" -> queue.offer("job", 1, TimeUnit.SECONDS);
			case "addAll" -> queue.addAll(List.of("job"));
			default -> throw new IllegalArgumentException(insertion);
		}
		assertThat(taken.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("job");
		assertThat(queue).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "linked, poll", "linked, timed poll", "linked, take", "linked, remove", "linked, remove(Object)",
			"linked, drainTo", "linked, drainTo(max)", "linked, clear", "linked, removeAll", "linked, retainAll",
			"linked, removeIf", "linked, iterator.remove", "array, poll", "array, timed poll", "array, take", "array, remove",
			"array, remove(Object)", "array, drainTo", "array, drainTo(max)", "array, clear", "array, removeAll",
			"array, retainAll", "array, removeIf", "array, iterator.remove" })
	void blockedPutIsWokenByEveryKindOfRemoval(String kind, String removal) throws Exception {
		// linked(1) signals putters under its put lock, array(1) under its one lock.
		ExitAwareQueue<String> queue = "linked".equals(kind) ? ExitAwareQueue.linked(1) : ExitAwareQueue.array(1);
		queue.add("first");
		CompletableFuture<Object> put = startBlocking("putter", () -> {
			queue.put("second");
			return "inserted";
		});
		Consumer<ExitAwareQueue<String>> remove = switch (removal) {
			case "poll" -> ExitAwareQueue::poll;
			case "timed poll" -> (q) -> pollQuietly(q);
			case "take" -> (q) -> takeQuietly(q);
			case "remove" -> ExitAwareQueue::remove;
			case "remove(Object)" -> (q) -> q.remove("first");
			case "drainTo" -> (q) -> q.drainTo(new ArrayList<>());
			case "drainTo(max)" -> (q) -> q.drainTo(new ArrayList<>(), 1);
			case "clear" -> ExitAwareQueue::clear;
			case "removeAll" -> (q) -> q.removeAll(Set.of("first"));
			case "retainAll" -> (q) -> q.retainAll(Set.of());
			case "removeIf" -> (q) -> q.removeIf("first"::equals);
			case "iterator.remove" -> (q) -> {
				Iterator<String> iterator = q.iterator();
				iterator.next();
				iterator.remove();
			};
			default -> throw new IllegalArgumentException(removal);
		};
		remove.accept(queue);
		assertThat(put.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(queue).containsExactly("second");
	}

	@ParameterizedTest
	@ValueSource(strings = { "linked", "array" })
	void bulkRemovalThatFailsPartWayStillWakesBlockedPutters(String kind) throws Exception {
		ExitAwareQueue<String> queue = "linked".equals(kind) ? ExitAwareQueue.linked(2) : ExitAwareQueue.array(2);
		queue.add("first");
		queue.add("second");
		CompletableFuture<Object> put = startBlocking("putter", () -> {
			queue.put("third");
			return "inserted";
		});
		DrainTarget<String> target = new DrainTarget<>((accepted, element) -> {
			if (!accepted.isEmpty()) {
				throw new IllegalStateException("target full");
			}
		});
		assertThatIllegalStateException().isThrownBy(() -> queue.drainTo(target)).withMessage("target full");
		assertThat(target).containsExactly("first");
		assertThat(put.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(queue).containsExactly("second", "third");
	}

	private static void pollQuietly(ExitAwareQueue<String> queue) {
		try {
			assertThat(queue.poll(1, TimeUnit.SECONDS)).isNotNull();
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void takeQuietly(ExitAwareQueue<String> queue) {
		try {
			queue.take();
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void everyElementIsHandedOverExactlyOnceBetweenManyProducersAndConsumersOfABoundedQueue() throws Exception {
		int producers = 4;
		int consumers = 4;
		int perProducer = 20_000;
		ExitAwareQueue<Integer> queue = ExitAwareQueue.array(4);
		Set<Integer> received = ConcurrentHashMap.newKeySet();
		AtomicInteger duplicates = new AtomicInteger();
		CountDownLatch consumed = new CountDownLatch(producers * perProducer);
		List<CompletableFuture<Void>> producing = new ArrayList<>();
		for (int c = 0; c < consumers; c++) {
			start("consumer-" + c, () -> {
				try {
					for (;;) {
						Integer element = ThreadLocalRandom.current().nextBoolean() ? queue.take()
								: queue.poll(Duration.ofHours(1));
						if (!received.add(element)) {
							duplicates.incrementAndGet();
						}
						consumed.countDown();
					}
				}
				catch (ThreadExit | InterruptedException ex) {
					// Stopped by the test's exit.
				}
			});
		}
		for (int p = 0; p < producers; p++) {
			int first = p * perProducer;
			CompletableFuture<Void> done = new CompletableFuture<>();
			producing.add(done);
			start("producer-" + p, () -> {
				try {
					for (int i = first; i < first + perProducer; i++) {
						if (i % 2 == 0) {
							queue.put(i);
						}
						else {
							assertThat(queue.offer(i, 1, TimeUnit.HOURS)).isTrue();
						}
					}
					done.complete(null);
				}
				catch (Throwable ex) {
					done.completeExceptionally(ex);
				}
			});
		}
		for (CompletableFuture<Void> done : producing) {
			done.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
		}
		assertThat(consumed.await(AT_MOST.toSeconds(), TimeUnit.SECONDS))
			.as("every element consumed; %d left in the queue", queue.size())
			.isTrue();
		assertThat(duplicates).hasValue(0);
		assertThat(received).hasSize(producers * perProducer);
		assertThat(queue).isEmpty();
	}

	@Test
	void consumersStoppedOneByOneWhileElementsFlowLoseNothing() throws Exception {
		int consumers = 6;
		int elements = 30_000;
		ExitAwareQueue<Integer> queue = ExitAwareQueue.linked();
		Set<Integer> received = ConcurrentHashMap.newKeySet();
		AtomicInteger duplicates = new AtomicInteger();
		List<Thread> consumerThreads = new ArrayList<>();
		CountDownLatch stopped = new CountDownLatch(consumers);
		for (int c = 0; c < consumers; c++) {
			consumerThreads.add(start("stoppable-consumer-" + c, () -> {
				try {
					for (;;) {
						if (!received.add(queue.take())) {
							duplicates.incrementAndGet();
						}
					}
				}
				catch (ThreadExit | InterruptedException ex) {
					stopped.countDown();
				}
			}));
		}
		for (int i = 0; i < elements; i++) {
			queue.put(i);
			if (i % (elements / consumers) == elements / consumers / 2) {
				Interruption.request(consumerThreads.get(i / (elements / consumers)));
			}
		}
		assertThat(stopped.await(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(duplicates).hasValue(0);
		List<Integer> left = new ArrayList<>(queue);
		assertThat(received).doesNotContainAnyElementsOf(left);
		assertThat(received.size() + left.size()).as("taken + left in the queue").isEqualTo(elements);
	}

	@ParameterizedTest
	@ValueSource(strings = { "linked", "array" })
	void waiterThatIsStoppedAsAnElementArrivesPassesItToTheNextWaiter(String kind) throws Exception {
		for (int i = 0; i < 200; i++) {
			ExitAwareQueue<Integer> queue = ownedQueue(kind);
			// The first waiter queued first, so the offer below signals it; it is asked to stop just before, so it
			// must leave the element and pass the signal on to the second waiter.
			CompletableFuture<Integer> first = startBlocking("first-" + i, queue::take);
			CompletableFuture<Integer> second = startBlocking("second-" + i, queue::take);
			Interruption.request(threadNamed("first-" + i));
			queue.offer(i);
			assertThatThrownBy(() -> first.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).as("round %d", i)
				.hasCauseInstanceOf(ThreadExit.class);
			assertThat(second.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).as("round %d", i).isEqualTo(i);
			assertThat(queue).isEmpty();
		}
	}

	@Test
	void foreignInterruptEndsAnOwnedQueueWaitWithInterruptedExceptionAndLosesNoLaterElement() throws Exception {
		ExitAwareQueue<String> queue = ExitAwareQueue.linked();
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Thread taker = start("interrupted-taker", () -> {
			try {
				queue.take();
				outcome.complete("returned");
			}
			catch (InterruptedException ex) {
				outcome.complete("InterruptedException, interrupted=" + Thread.currentThread().isInterrupted());
			}
			catch (ThreadExit ex) {
				outcome.complete("ThreadExit");
			}
		});
		awaitBlocked(taker);
		taker.interrupt();
		assertThat(outcome.get(AT_MOST.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo("InterruptedException, interrupted=false");
		CompletableFuture<String> next = startBlocking("next-taker", queue::take);
		queue.offer("job");
		assertThat(next.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("job");
	}

	@Test
	void ownedQueueWaitInsideCriticalSectionIsNotWokenByExit() throws Exception {
		ExitAwareQueue<String> queue = ExitAwareQueue.linked();
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Thread taker = start("critical-taker", () -> {
			try (CriticalSection section = Exit.critical()) {
				outcome.complete(queue.take() + ", requested=" + Exit.requested());
			}
			catch (Throwable ex) {
				outcome.complete(ex.toString());
			}
		});
		awaitBlocked(taker);
		this.monitor.requestExit(ExitReason.requested("test"));
		Awaitility.await().during(Duration.ofMillis(100)).atMost(AT_MOST).until(() -> !outcome.isDone());
		queue.offer("job");
		assertThat(outcome.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("job, requested=true");
	}

	@Test
	void timedOperationsOfOwnedQueuesReturnWhenTheyTimeOut() throws Exception {
		ExitAwareQueue<String> empty = ExitAwareQueue.linked(2);
		ExitAwareQueue<String> full = ExitAwareQueue.array(1);
		full.add("first");
		assertThat(empty.poll(Duration.ofMillis(5))).isNull();
		assertThat(empty.poll(-1, TimeUnit.SECONDS)).isNull();
		assertThat(full.offer("second", 5, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(full).containsExactly("first");
		assertThat(empty.remainingCapacity()).isEqualTo(2);
	}

	@Test
	void badArgumentsAndFullOrEmptyQueuesAreReportedClearly() {
		assertThatIllegalArgumentException().isThrownBy(() -> ExitAwareQueue.linked(0))
			.withMessage("'capacity' must be positive, but was 0; use ExitAwareQueue.linked() for an unbounded queue");
		assertThatIllegalArgumentException().isThrownBy(() -> ExitAwareQueue.array(-3))
			.withMessageContaining("'capacity' must be positive, but was -3");
		ExitAwareQueue<String> queue = ExitAwareQueue.array(1);
		assertThatNullPointerException().isThrownBy(() -> queue.offer(null)).withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.put(null)).withMessage("'element' must not be null");
		assertThatThrownBy(queue::remove).isInstanceOf(NoSuchElementException.class)
			.hasMessage("Queue is empty");
		queue.add("first");
		assertThatIllegalStateException().isThrownBy(() -> queue.add("second"))
			.withMessage("Queue full: it held 1 element and no spare capacity when the element was refused; use put(..) or "
					+ "offer(.., timeout) to wait for space");
		assertThatIllegalStateException()
			.isThrownBy(() -> ExitAwareQueue.wrap(new java.util.concurrent.SynchronousQueue<String>()).add("handed"))
			.withMessage("Queue refused the element while empty: java.util.concurrent.SynchronousQueue takes one only "
					+ "when a consumer is waiting for it; use put(..) or offer(.., timeout) to wait");
		assertThatIllegalArgumentException().isThrownBy(() -> queue.addAll(queue))
			.withMessage("A queue cannot be added to itself");
		assertThat(queue).containsExactly("first");
		LinkedBlockingQueue<String> shared = new LinkedBlockingQueue<>(List.of("a"));
		assertThatIllegalArgumentException().isThrownBy(() -> ExitAwareQueue.wrap(shared).addAll(shared))
			.withMessage("A queue cannot be added to itself");
		assertThat(ExitAwareQueue.wrap(new ArrayBlockingQueue<>(1)).offer("x")).isTrue();
	}

	/** A blocking call whose result completes a future. */
	@FunctionalInterface
	private interface BlockingCall<T> {

		T call() throws Exception;

	}

}

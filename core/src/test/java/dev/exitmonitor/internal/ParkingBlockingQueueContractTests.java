package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.Interruption;
import dev.exitmonitor.ThreadExit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of the queues that own their storage (the subclasses of {@link ParkingBlockingQueue}), run
 * against each of them: elements leave in insertion order, removals from anywhere keep the order of the rest and
 * leave the queue working for the next insertion, snapshot iterators remove exactly the element they returned,
 * bulk removals are all or nothing and fail on a filter or drain target that changes the queue, every kind of
 * removal or insertion wakes the threads parked for it (a bulk removal as many as it freed), timed waits give up
 * after their time and leave no ticket behind, producers and consumers under contention lose, duplicate and
 * deadlock nothing, and a stop request ends a wait on the queue without losing an element.
 * <p>
 * To run the contract against a queue, extend this class in the same package: return the queue from
 * {@link #newQueue(int)} (and its unbounded form from {@link #newLargeQueue()}, if it has one), and keep in the
 * subclass only the tests of what is specific to its storage. JUnit runs every test here once for each subclass.
 * <p>
 * Most single-threaded tests first run filler elements through the queue ({@link #queueOf(int, int, String...)}),
 * so that its storage is not as created: the elements of a {@link RingBufferQueue} then start some slots on and
 * run past the end of its array, and the head of a {@link TwoLockLinkedQueue} is a node that held an element.
 */
abstract class ParkingBlockingQueueContractTests {

	static final Duration AT_MOST = Duration.ofSeconds(30);

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	/** Created by the tests of stop requests only. */
	private volatile ExitMonitor monitor;

	/**
	 * Create an empty queue of the storage under test.
	 * @param <E> the element type
	 * @param capacity the capacity, given to the constructor unchecked
	 * @return the queue
	 */
	abstract <E> ParkingBlockingQueue<E> newQueue(int capacity);

	/**
	 * Create an empty queue for tests that never fill it: the unbounded form of a storage that has one.
	 * @param <E> the element type
	 * @return the queue
	 */
	<E> ParkingBlockingQueue<E> newLargeQueue() {
		return newQueue(64);
	}

	@AfterEach
	void endStartedThreads() throws InterruptedException {
		ExitMonitor created = this.monitor;
		if (created != null) {
			created.requestExit(ExitReason.requested("test cleanup"));
		}
		// A foreign interrupt ends a parked wait with InterruptedException: no thread outlives its test.
		for (Thread thread : this.threads) {
			thread.interrupt();
		}
		for (Thread thread : this.threads) {
			thread.join(AT_MOST.toMillis());
			assertThat(thread.isAlive()).as("%s ended", thread.getName()).isFalse();
		}
	}

	@Test
	void elementsLeaveInInsertionOrderOverManyInsertionsAndRemovals() {
		ParkingBlockingQueue<Integer> queue = newQueue(3);
		Deque<Integer> expected = new ArrayDeque<>();
		int next = 0;
		for (int cycle = 0; cycle < 12; cycle++) {
			while (queue.remainingCapacity() > 0) {
				assertThat(queue.offer(next)).isTrue();
				expected.add(next++);
			}
			assertThat(queue.offer(-1)).as("offer on a full queue, cycle %d", cycle).isFalse();
			assertThat(queue.size()).isEqualTo(3);
			// Take 1, 2 or 3 elements, so that the queue empties completely in some cycles only (and the head of a
			// ring goes round its array at a different pace each cycle).
			for (int i = 0; i <= cycle % 3; i++) {
				assertThat(queue.peek()).isEqualTo(expected.peek());
				assertThat(queue.poll()).as("cycle %d", cycle).isEqualTo(expected.poll());
			}
			assertThat(queue.size()).isEqualTo(expected.size());
			assertThat(queue.remainingCapacity()).isEqualTo(3 - expected.size());
			assertThat(queue.isEmpty()).isEqualTo(expected.isEmpty());
			assertThat(queue).containsExactlyElementsOf(expected);
		}
		while (!expected.isEmpty()) {
			assertThat(queue.poll()).isEqualTo(expected.poll());
		}
		assertThat(next).as("elements offered").isGreaterThan(3 * 6);
		assertThat(queue.poll()).isNull();
		assertThat(queue.peek()).isNull();
		assertThat(queue.isEmpty()).isTrue();
		assertThat(queue.size()).isZero();
		assertThat(queue.remainingCapacity()).isEqualTo(3);
		assertThatThrownBy(queue::element).isInstanceOf(NoSuchElementException.class);
		assertThatThrownBy(queue::remove).isInstanceOf(NoSuchElementException.class);
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void behavesAsAnArrayDequeOverARandomMixOfOperations(long seed) {
		// Few distinct values, so that the queue often holds equal elements; a small capacity, so that it is often
		// full or empty. After every step the queue lists what the model holds.
		Random random = new Random(seed);
		int capacity = 5;
		ParkingBlockingQueue<Integer> queue = newQueue(capacity);
		List<Integer> model = new ArrayList<>();
		for (int step = 0; step < 4_000; step++) {
			int value = random.nextInt(4);
			int operation = random.nextInt(9);
			switch (operation) {
				case 0, 1, 2 -> {
					boolean room = model.size() < capacity;
					if (room) {
						model.add(value);
					}
					assertThat(queue.offer(value)).as("step %d: offer", step).isEqualTo(room);
				}
				case 3 -> {
					Integer head = model.isEmpty() ? null : model.remove(0);
					assertThat(queue.poll()).as("step %d: poll", step).isEqualTo(head);
				}
				case 4 -> {
					boolean present = model.remove((Object) value);
					assertThat(queue.remove((Object) value)).as("step %d: remove(%d)", step, value).isEqualTo(present);
				}
				case 5 -> {
					Iterator<Integer> iterator = queue.iterator();
					for (int i = 0; i < model.size(); i++) {
						assertThat(iterator.next()).isEqualTo(model.get(i));
						if (i == value) {
							iterator.remove();
							model.remove(i);
							break;
						}
					}
				}
				case 6 -> {
					boolean present = model.removeIf((element) -> element == value);
					assertThat(queue.removeIf((element) -> element == value)).as("step %d: removeIf", step)
						.isEqualTo(present);
				}
				case 7 -> {
					List<Integer> expected = new ArrayList<>(model.subList(0, Math.min(value, model.size())));
					model.subList(0, expected.size()).clear();
					List<Integer> drained = new ArrayList<>();
					assertThat(queue.drainTo(drained, value)).as("step %d: drainTo", step).isEqualTo(expected.size());
					assertThat(drained).as("step %d: drained", step).isEqualTo(expected);
				}
				default -> {
					if (value == 0) {
						queue.clear();
						model.clear();
					}
				}
			}
			assertThat(queue).as("step %d", step).containsExactlyElementsOf(model);
			assertThat(queue.size()).isEqualTo(model.size());
			assertThat(queue.remainingCapacity()).isEqualTo(capacity - model.size());
		}
	}

	@Test
	void nullElementsAndNonPositiveCapacitiesAreRejected() {
		ParkingBlockingQueue<String> queue = newQueue(2);
		assertThatNullPointerException().isThrownBy(() -> queue.offer(null)).withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.add(null)).withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.put(null)).withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.offer(null, TimeUnit.SECONDS.toNanos(1)))
			.withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.offer(null, 1, TimeUnit.SECONDS))
			.withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.offerNow(null))
			.withMessage("'element' must not be null");
		assertThat(queue.contains(null)).isFalse();
		assertThat(queue.remove(null)).isFalse();
		assertThat(queue.isEmpty()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> newQueue(0))
			.withMessage("'capacity' must be positive, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> newQueue(-7))
			.withMessage("'capacity' must be positive, but was -7");
		assertThatIllegalArgumentException().isThrownBy(() -> newQueue(Integer.MIN_VALUE))
			.withMessage("'capacity' must be positive, but was " + Integer.MIN_VALUE);
	}

	@Test
	void peekContainsSizeAndRemainingCapacityReportWithoutRemoving() {
		ParkingBlockingQueue<String> queue = queueOf(4, 3, "a", "b");
		assertThat(queue.peek()).isEqualTo("a");
		assertThat(queue.element()).isEqualTo("a");
		assertThat(queue.contains("a")).isTrue();
		assertThat(queue.contains("b")).isTrue();
		assertThat(queue.contains("c")).isFalse();
		assertThat(queue.contains(42)).isFalse();
		assertThat(queue.size()).isEqualTo(2);
		assertThat(queue.remainingCapacity()).isEqualTo(2);
		assertThat(queue).containsExactly("a", "b");
		assertThat(queue.pollNow()).isEqualTo("a");
		assertThat(queue.offerNow("c")).isTrue();
		assertThat(queue.offerNow("d")).isTrue();
		assertThat(queue.offerNow("e")).isTrue();
		assertThat(queue.offerNow("f")).isFalse();
		assertThat(queue.remainingCapacity()).isZero();
		assertThat(queue.contains("e")).isTrue();
		assertThat(queue.peek()).isEqualTo("b");
	}

	@ParameterizedTest
	@CsvSource({ "a, head", "b, second (in the last slot of a ring's array)",
			"c, middle (in the first slot of a ring's array)", "d, fourth", "e, tail" })
	void removeOfAnElementAnywhereKeepsTheOthersInOrderAndLaterOffersAppend(String removed, String position) {
		// A ring of capacity 5 holds them as c d e a b: a@3, b@4, c@0, d@1, e@2.
		ParkingBlockingQueue<String> queue = queueOf(5, 3, "a", "b", "c", "d", "e");
		assertThat(queue.contains(removed)).isTrue();
		assertThat(queue.remove(removed)).as(position).isTrue();
		List<String> rest = new ArrayList<>(List.of("a", "b", "c", "d", "e"));
		rest.remove(removed);
		assertThat(queue).as(position).containsExactlyElementsOf(rest);
		assertThat(queue.contains(removed)).isFalse();
		assertThat(queue.remove(removed)).isFalse();
		assertThat(queue.size()).isEqualTo(4);
		assertThat(queue.remainingCapacity()).isOne();
		// The freed room is at the tail (the last node of a linked queue may have been removed): further offers
		// append, and polls stay first in, first out.
		assertThat(queue.offer("f")).isTrue();
		assertThat(queue.offer("g")).isFalse();
		rest.add("f");
		assertThat(queue).as(position).containsExactlyElementsOf(rest);
		for (String element : rest) {
			assertThat(queue.poll()).isEqualTo(element);
		}
		assertThat(queue.poll()).isNull();
		assertThat(queue.offer("g")).isTrue();
		assertThat(queue.offer("h")).isTrue();
		assertThat(queue).containsExactly("g", "h");
	}

	@ParameterizedTest
	@ValueSource(strings = { "remove(Object)", "iterator.remove", "removeIf", "removeAll", "retainAll" })
	void offerAfterTheOnlyElementWasRemovedAppendsToTheEmptiedQueue(String removal) {
		// The only element sits in the last slot of a ring's array: the next offer goes to the first.
		ParkingBlockingQueue<String> queue = queueOf(3, 2, "only");
		switch (removal) {
			case "remove(Object)" -> assertThat(queue.remove("only")).isTrue();
			case "iterator.remove" -> {
				Iterator<String> iterator = queue.iterator();
				assertThat(iterator.next()).isEqualTo("only");
				iterator.remove();
			}
			case "removeIf" -> assertThat(queue.removeIf("only"::equals)).isTrue();
			case "removeAll" -> assertThat(queue.removeAll(Set.of("only"))).isTrue();
			case "retainAll" -> assertThat(queue.retainAll(Set.of())).isTrue();
			default -> throw new IllegalArgumentException(removal);
		}
		assertThat(queue.isEmpty()).isTrue();
		assertThat(queue.peek()).isNull();
		assertThat(queue.offer("next")).isTrue();
		assertThat(queue.peek()).isEqualTo("next");
		assertThat(queue).containsExactly("next");
		assertThat(queue.offer("after")).isTrue();
		assertThat(queue.poll()).isEqualTo("next");
		assertThat(queue.poll()).isEqualTo("after");
		assertThat(queue.poll()).isNull();
	}

	@Test
	void successiveRemovalsLeaveTheQueueConsistent() {
		ParkingBlockingQueue<String> queue = queueOf(5, 4, "a", "b", "c", "d", "e");
		assertThat(queue.remove("b")).isTrue();
		assertThat(queue.remove("a")).isTrue();
		assertThat(queue.remove("d")).isTrue();
		assertThat(queue.remove("z")).isFalse();
		assertThat(queue.contains("z")).isFalse();
		assertThat(queue).containsExactly("c", "e");
		assertThat(queue.offer("f")).isTrue();
		assertThat(queue.offer("g")).isTrue();
		assertThat(queue.offer("h")).isTrue();
		assertThat(queue.offer("i")).isFalse();
		assertThat(queue.remove("h")).isTrue();
		assertThat(queue.offer("i")).isTrue();
		assertThat(drain(queue)).containsExactly("c", "e", "f", "g", "i");
	}

	@Test
	void successiveRemovalsDownToOneElementLeaveTheQueueConsistent() {
		ParkingBlockingQueue<String> queue = queueOf(5, 2, "a", "b", "c", "d", "e");
		assertThat(queue.remove("b")).isTrue();
		assertThat(queue.remove("a")).isTrue();
		assertThat(queue.remove("e")).isTrue();
		assertThat(queue.remove("d")).isTrue();
		assertThat(queue.remove("z")).isFalse();
		assertThat(queue.contains("z")).isFalse();
		assertThat(queue).containsExactly("c");
		assertThat(queue.offer("f")).isTrue();
		assertThat(queue.offer("g")).isTrue();
		assertThat(queue.offer("h")).isTrue();
		assertThat(queue.offer("i")).isTrue();
		assertThat(queue.offer("j")).isFalse();
		assertThat(queue.remove("i")).isTrue();
		assertThat(queue.remove("c")).isTrue();
		assertThat(queue.offer("j")).isTrue();
		assertThat(queue.offer("k")).isTrue();
		assertThat(drain(queue)).containsExactly("f", "g", "h", "j", "k");
	}

	@Test
	void removeOfAnObjectRemovesItsFirstOccurrence() {
		String first = new String("x");
		String second = new String("x");
		ParkingBlockingQueue<String> queue = queueOf(4, 2, first, "y", second);
		assertThat(queue.remove("x")).isTrue();
		assertThat(queue).containsExactly("y", "x");
		assertThat(queue.toArray()[1]).isSameAs(second);
		assertThat(queue.offer("z")).isTrue();
		assertThat(queue.remove("x")).isTrue();
		assertThat(queue).containsExactly("y", "z");
	}

	@Test
	void iteratorIsASnapshotThatChangesOfTheQueueDoNotDisturb() {
		ParkingBlockingQueue<String> queue = queueOf(4, 3, "a", "b", "c");
		Iterator<String> iterator = queue.iterator();
		assertThat(iterator.next()).isEqualTo("a");
		assertThat(queue.poll()).isEqualTo("a");
		assertThat(queue.remove("c")).isTrue();
		assertThat(queue.offer("d")).isTrue();
		assertThat(queue.offer("e")).isTrue();
		List<String> rest = new ArrayList<>();
		iterator.forEachRemaining(rest::add);
		assertThat(rest).as("left and new elements do not change the snapshot").containsExactly("b", "c");
		assertThat(iterator.hasNext()).isFalse();
		assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
		assertThat(queue).containsExactly("b", "d", "e");
		Iterator<String> ofEmptied = queue.iterator();
		queue.clear();
		assertThat(ofEmptied).toIterable().containsExactly("b", "d", "e");
	}

	@Test
	void iteratorRemovesTheOccurrenceItReturnedWhenTheSameElementIsQueuedTwice() {
		String twice = "twice";
		ParkingBlockingQueue<String> queue = queueOf(4, 3, twice, "other", twice);
		Iterator<String> iterator = queue.iterator();
		assertThat(iterator.next()).isSameAs(twice);
		assertThat(iterator.next()).isEqualTo("other");
		assertThat(iterator.next()).isSameAs(twice);
		iterator.remove();
		assertThat(queue).as("the first occurrence stays at the head").containsExactly(twice, "other");
		// The removed element was the tail: an offer goes after "other".
		assertThat(queue.offer("after")).isTrue();
		assertThat(queue.poll()).isSameAs(twice);
		assertThat(queue.poll()).isEqualTo("other");
		assertThat(queue.poll()).isEqualTo("after");
		assertThat(queue.poll()).isNull();
	}

	@Test
	void iteratorRemoveOfAnElementThatAlreadyLeftRemovesNothing() {
		String element = "element";
		ParkingBlockingQueue<String> queue = queueOf(4, 2, element, "other", "third");
		Iterator<String> iterator = queue.iterator();
		assertThat(iterator.next()).isSameAs(element);
		assertThat(queue.poll()).isSameAs(element);
		// The same reference queued again is a new insertion, which the iterator did not return.
		assertThat(queue.offer(element)).isTrue();
		iterator.remove();
		assertThat(queue).containsExactly("other", "third", element);
		assertThat(iterator.next()).isEqualTo("other");
		assertThat(queue.remove("other")).isTrue();
		assertThat(queue.offer("other")).isTrue();
		iterator.remove();
		assertThat(queue).as("an equal element queued later stays").containsExactly("third", element, "other");
		assertThat(iterator.next()).isEqualTo("third");
		iterator.remove();
		assertThat(queue).containsExactly(element, "other");
		assertThat(iterator.hasNext()).isFalse();
		Iterator<String> beforeClear = queue.iterator();
		assertThat(beforeClear.next()).isSameAs(element);
		queue.clear();
		assertThat(queue.offer(element)).isTrue();
		beforeClear.remove();
		assertThat(queue).containsExactly(element);
	}

	@Test
	void iteratorRemoveFindsItsElementAfterOtherRemovalsMovedIt() {
		String twice = "twice";
		ParkingBlockingQueue<String> queue = queueOf(6, 4, "a", twice, "b", "c", twice, "d");
		Iterator<String> iterator = queue.iterator();
		// In a ring, both removals shift the later elements back, over the end of the array.
		assertThat(queue.remove("a")).isTrue();
		assertThat(queue.removeIf("c"::equals)).isTrue();
		assertThat(queue).containsExactly(twice, "b", twice, "d");
		assertThat(iterator.next()).isEqualTo("a");
		assertThat(iterator.next()).isSameAs(twice);
		assertThat(iterator.next()).isEqualTo("b");
		assertThat(iterator.next()).isEqualTo("c");
		assertThat(iterator.next()).isSameAs(twice);
		iterator.remove();
		assertThat(queue).containsExactly(twice, "b", "d");
		assertThat(queue.offer("e")).isTrue();
		assertThat(iterator.next()).isEqualTo("d");
		iterator.remove();
		assertThat(queue).containsExactly(twice, "b", "e");
	}

	@Test
	void iteratorRemoveMustFollowNextOncePerElement() {
		ParkingBlockingQueue<String> queue = queueOf(3, 1, "a", "b");
		Iterator<String> iterator = queue.iterator();
		assertThatIllegalStateException().isThrownBy(iterator::remove);
		assertThat(iterator.next()).isEqualTo("a");
		iterator.remove();
		assertThatIllegalStateException().isThrownBy(iterator::remove);
		assertThat(queue).containsExactly("b");
		assertThat(iterator.next()).isEqualTo("b");
		assertThat(iterator.hasNext()).isFalse();
		assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
		iterator.remove();
		assertThat(queue).isEmpty();
		assertThat(queue.remainingCapacity()).isEqualTo(3);
		Iterator<String> ofEmpty = queue.iterator();
		assertThat(ofEmpty.hasNext()).isFalse();
		assertThatThrownBy(ofEmpty::next).isInstanceOf(NoSuchElementException.class);
		assertThatIllegalStateException().isThrownBy(ofEmpty::remove);
	}

	@Test
	void bulkRemovalsKeepTheOrderOfTheSurvivors() {
		ParkingBlockingQueue<Integer> queue = newQueue(5);
		IntStream.rangeClosed(1, 5).forEach(queue::add);
		queue.poll();
		queue.poll();
		queue.poll();
		IntStream.rangeClosed(6, 8).forEach(queue::add);
		assertThat(queue).containsExactly(4, 5, 6, 7, 8);
		assertThat(queue.removeIf((element) -> element > 100)).isFalse();
		assertThat(queue).containsExactly(4, 5, 6, 7, 8);
		assertThat(queue.removeIf((element) -> element % 2 == 0)).isTrue();
		assertThat(queue).containsExactly(5, 7);
		assertThat(queue.size()).isEqualTo(2);
		assertThat(queue.remainingCapacity()).isEqualTo(3);
		IntStream.rangeClosed(9, 11).forEach(queue::add);
		assertThat(queue.offer(12)).isFalse();
		assertThat(queue.removeAll(Set.of(7, 10, 99))).isTrue();
		assertThat(queue).containsExactly(5, 9, 11);
		assertThat(queue.removeAll(Set.of(99))).isFalse();
		assertThat(queue.retainAll(List.of(11, 9, 99))).isTrue();
		assertThat(queue).containsExactly(9, 11);
		assertThat(queue.retainAll(List.of(9, 11))).isFalse();
		IntStream.rangeClosed(12, 14).forEach(queue::add);
		assertThat(drain(queue)).containsExactly(9, 11, 12, 13, 14);
		assertThat(queue.removeIf((element) -> true)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "removeIf", "removeAll", "retainAll" })
	void offerAfterABulkRemovalThatRemovedTheTailAppends(String removal) {
		ParkingBlockingQueue<String> queue = queueOf(5, 3, "a", "b", "c", "d", "e");
		boolean changed = switch (removal) {
			case "removeIf" -> queue.removeIf((element) -> "b".equals(element) || "d".equals(element)
					|| "e".equals(element));
			case "removeAll" -> queue.removeAll(Set.of("b", "d", "e"));
			case "retainAll" -> queue.retainAll(Set.of("a", "c"));
			default -> throw new IllegalArgumentException(removal);
		};
		assertThat(changed).isTrue();
		assertThat(queue).containsExactly("a", "c");
		assertThat(queue.offer("f")).isTrue();
		assertThat(queue.offer("g")).isTrue();
		assertThat(queue).containsExactly("a", "c", "f", "g");
		assertThat(drain(queue)).containsExactly("a", "c", "f", "g");
	}

	@Test
	void removeIfWhosePredicateThrowsOnTheThirdElementLeavesTheQueueAsItWas() {
		ParkingBlockingQueue<String> queue = queueOf(5, 3, "a", "b", "c", "d", "e");
		AtomicInteger tested = new AtomicInteger();
		Predicate<String> failsOnThird = (element) -> {
			if (tested.incrementAndGet() == 3) {
				throw new IllegalStateException("predicate failed on " + element);
			}
			// Would remove the first two elements if removal happened while testing.
			return true;
		};
		assertThatIllegalStateException().isThrownBy(() -> queue.removeIf(failsOnThird))
			.withMessage("predicate failed on c");
		assertThat(queue).containsExactly("a", "b", "c", "d", "e");
		assertThat(queue.size()).isEqualTo(5);
		assertThat(queue.remainingCapacity()).isZero();
		assertThat(queue.offer("f")).isFalse();
		assertThat(drain(queue)).containsExactly("a", "b", "c", "d", "e");
	}

	@ParameterizedTest
	@CsvSource({ "poll, 'b, c, d'", "offer, 'a, b, c, d, e'", "remove(Object), 'a, b, c'",
			"remove(Object) of the tested element, 'a, c, d'" })
	void removeIfWhoseFilterChangesTheQueueFailsAndRemovesNothing(String change, String left) {
		ParkingBlockingQueue<String> queue = queueOf(6, 4, "a", "b", "c", "d");
		assertThatThrownBy(() -> queue.removeIf((element) -> {
			if ("b".equals(element)) {
				switch (change) {
					case "poll" -> queue.poll();
					case "offer" -> queue.offer("e");
					case "remove(Object)" -> queue.remove("d");
					case "remove(Object) of the tested element" -> queue.remove("b");
					default -> throw new IllegalArgumentException(change);
				}
			}
			return true;
		})).isInstanceOf(ConcurrentModificationException.class).hasMessageContaining("nothing was removed");
		List<String> expected = List.of(left.split(", "));
		assertThat(queue).as("only the filter's own change").containsExactlyElementsOf(expected);
		assertThat(queue.size()).isEqualTo(expected.size());
		assertThat(queue.offer("z")).isTrue();
		List<String> withOffered = new ArrayList<>(expected);
		withOffered.add("z");
		assertThat(drain(queue)).containsExactlyElementsOf(withOffered);
	}

	@Test
	void bulkRemovalsRejectNullArguments() {
		ParkingBlockingQueue<String> queue = queueOf(3, 1, "a");
		assertThatNullPointerException().isThrownBy(() -> queue.removeIf(null))
			.withMessage("'filter' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.removeAll(null))
			.withMessage("'elements' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.retainAll(null))
			.withMessage("'elements' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.drainTo(null)).withMessage("'target' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.drainTo(null, 1))
			.withMessage("'target' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.toArray((String[]) null))
			.withMessage("'array' must not be null");
		assertThat(queue).containsExactly("a");
	}

	@Test
	void clearEmptiesTheQueueAndLeavesItWorking() {
		ParkingBlockingQueue<String> queue = queueOf(3, 1, "a", "b", "c");
		queue.clear();
		assertThat(queue.isEmpty()).isTrue();
		assertThat(queue.size()).isZero();
		assertThat(queue.remainingCapacity()).isEqualTo(3);
		assertThat(queue.peek()).isNull();
		assertThat(queue.poll()).isNull();
		assertThat(queue.contains("a")).isFalse();
		assertThat(queue.toArray()).isEmpty();
		queue.clear();
		assertThat(queue.offer("d")).isTrue();
		assertThat(queue.offer("e")).isTrue();
		assertThat(queue.offer("f")).isTrue();
		assertThat(queue.offer("g")).isFalse();
		assertThat(queue).containsExactly("d", "e", "f");
		assertThat(queue.poll()).isEqualTo("d");
		assertThat(queue.offer("g")).isTrue();
		assertThat(drain(queue)).containsExactly("e", "f", "g");
	}

	@Test
	void drainToMovesElementsInOrderUpToTheMaximum() {
		ParkingBlockingQueue<String> queue = queueOf(5, 3, "a", "b", "c", "d", "e");
		List<String> target = new ArrayList<>(List.of("before"));
		assertThat(queue.drainTo(target, 0)).isZero();
		assertThat(queue.drainTo(target, -1)).isZero();
		assertThat(target).containsExactly("before");
		assertThat(queue.drainTo(target, 2)).isEqualTo(2);
		assertThat(target).containsExactly("before", "a", "b");
		assertThat(queue).containsExactly("c", "d", "e");
		assertThat(queue.remainingCapacity()).isEqualTo(2);
		assertThat(queue.offer("f")).isTrue();
		assertThat(queue.drainTo(target, 10)).isEqualTo(4);
		assertThat(target).containsExactly("before", "a", "b", "c", "d", "e", "f");
		assertThat(queue.isEmpty()).isTrue();
		assertThat(queue.drainTo(target)).isZero();
		IntStream.range(0, 5).forEach((i) -> queue.add("g" + i));
		assertThat(queue.drainTo(target)).isEqualTo(5);
		assertThat(target).endsWith("g0", "g1", "g2", "g3", "g4");
		assertThat(queue.remainingCapacity()).isEqualTo(5);
		assertThat(queue.offer("h")).isTrue();
		assertThat(queue).containsExactly("h");
	}

	@Test
	void drainToTheQueueItselfIsRefused() {
		ParkingBlockingQueue<String> queue = queueOf(3, 1, "a", "b");
		assertThatIllegalArgumentException().isThrownBy(() -> queue.drainTo(queue))
			.withMessage("A queue cannot be drained into itself");
		assertThatIllegalArgumentException().isThrownBy(() -> queue.drainTo(queue, 1))
			.withMessage("A queue cannot be drained into itself");
		assertThat(queue).containsExactly("a", "b");
	}

	@Test
	void drainToATargetThatFailsRemovesOnlyTheElementsItAccepted() {
		ParkingBlockingQueue<String> queue = queueOf(5, 3, "a", "b", "c", "d", "e");
		DrainTarget<String> target = new DrainTarget<>((accepted, element) -> {
			if (accepted.size() == 2) {
				throw new IllegalStateException("Target full");
			}
		});
		assertThatIllegalStateException().isThrownBy(() -> queue.drainTo(target)).withMessage("Target full");
		assertThat(target).containsExactly("a", "b");
		assertThat(queue).containsExactly("c", "d", "e");
		assertThat(queue.size()).isEqualTo(3);
		assertThat(queue.remainingCapacity()).isEqualTo(2);
		assertThat(queue.offer("f")).isTrue();
		assertThat(queue.offer("g")).isTrue();
		assertThat(queue.offer("h")).isFalse();
		assertThat(drain(queue)).containsExactly("c", "d", "e", "f", "g");
	}

	@Test
	void drainToATargetThatFeedsTheQueueAgainEndsAfterTheElementsThereWhenItStarted() {
		ParkingBlockingQueue<String> queue = queueOf(5, 3, "a", "b", "c");
		DrainTarget<String> target = new DrainTarget<>((drained, element) -> {
			// A drain that counted the queue as it went would never end: fail instead of hanging.
			assertThat(drained).as("drained so far").hasSizeLessThan(100);
			queue.offer(element);
		});
		assertThat(queue.drainTo(target)).isEqualTo(3);
		assertThat(target).containsExactly("a", "b", "c");
		assertThat(queue).containsExactly("a", "b", "c");
		target.clear();
		assertThat(queue.drainTo(target, 2)).isEqualTo(2);
		assertThat(target).containsExactly("a", "b");
		assertThat(queue).containsExactly("c", "a", "b");
		assertThat(queue.size()).isEqualTo(3);
	}

	@Test
	void drainToATargetThatTakesFromTheQueueFailsInsteadOfLosingAnElement() {
		ParkingBlockingQueue<String> queue = queueOf(5, 3, "a", "b", "c");
		List<String> taken = new ArrayList<>();
		// Takes the head, the element being drained: the drain must not then drop "b" in its place.
		DrainTarget<String> target = new DrainTarget<>((drained, element) -> taken.add(queue.poll()));
		assertThatThrownBy(() -> queue.drainTo(target)).isInstanceOf(ConcurrentModificationException.class)
			.hasMessageContaining("drain into a collection that does not use this queue");
		assertThat(target).containsExactly("a");
		assertThat(taken).containsExactly("a");
		assertThat(queue).containsExactly("b", "c");
		assertThat(queue.size()).isEqualTo(2);
	}

	@Test
	void drainToATargetThatRemovesTheLastElementHandsOverNoNull() {
		ParkingBlockingQueue<String> queue = queueOf(5, 3, "a", "b", "c");
		DrainTarget<String> target = new DrainTarget<>((drained, element) -> {
			assertThat(element).as("element handed to the drain target").isNotNull();
			queue.remove("c");
		});
		assertThat(queue.drainTo(target)).isEqualTo(2);
		assertThat(target).containsExactly("a", "b");
		assertThat(queue).isEmpty();
		assertThat(queue.size()).isZero();
		assertThat(queue.offer("d")).isTrue();
		assertThat(queue).containsExactly("d");
	}

	@Test
	void toArrayAndToStringListTheElementsInOrder() {
		ParkingBlockingQueue<String> queue = queueOf(4, 3, "a", "b", "c");
		assertThat(queue.toArray()).containsExactly("a", "b", "c");
		String[] smaller = new String[1];
		String[] copy = queue.toArray(smaller);
		assertThat(copy).isNotSameAs(smaller).containsExactly("a", "b", "c");
		assertThat(smaller).containsExactly((String) null);
		String[] exact = new String[3];
		assertThat(queue.toArray(exact)).isSameAs(exact).containsExactly("a", "b", "c");
		String[] larger = { "x", "x", "x", "x", "x", "x" };
		assertThat(queue.toArray(larger)).isSameAs(larger).containsExactly("a", "b", "c", null, "x", "x");
		assertThat(queue.toArray(new Object[0])).isExactlyInstanceOf(Object[].class).hasSize(3);
		assertThat(queue.toArray(new String[0])).isExactlyInstanceOf(String[].class).hasSize(3);
		assertThat(queue).hasToString("[a, b, c]");
		queue.clear();
		assertThat(queue.toArray()).isEmpty();
		String[] cleared = { "x" };
		assertThat(queue.toArray(cleared)).isSameAs(cleared).containsExactly((String) null);
		assertThat(queue).hasToString("[]");
	}

	@Test
	void streamOfAQueueInUseDoesNotFailWhileItsSizeChanges() throws Exception {
		// A stream over a queue that others change is weakly consistent, as the java.util.concurrent queues'
		// are: it may miss changes, but it must not fail because of them.
		// Collection's default spliterator reports SIZED and takes the iterator's snapshot and size() under two
		// lock holds, so toArray() would meet a changed size ("End size 3 is less than fixed size 4").
		ParkingBlockingQueue<Integer> queue = newQueue(8);
		IntStream.range(0, 4).forEach(queue::add);
		AtomicBoolean running = new AtomicBoolean(true);
		Thread changer = start("changer", () -> {
			int next = 4;
			while (running.get()) {
				queue.offer(next++);
				queue.poll();
				queue.poll();
				queue.offer(next++);
			}
		});
		try {
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
			while (System.nanoTime() - deadline < 0) {
				assertThat(queue.stream().toArray()).hasSizeBetween(3, 5);
			}
		}
		finally {
			running.set(false);
			changer.join(AT_MOST.toMillis());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "poll", "timed poll", "take", "remove(Object) of the first", "remove(Object) of the last",
			"iterator.remove", "drainTo", "drainTo(max)", "removeIf", "removeAll", "retainAll", "clear" })
	void blockedPutIsWokenByEveryKindOfRemoval(String removal) throws Exception {
		ParkingBlockingQueue<String> queue = queueOf(2, 1, "first", "second");
		CompletableFuture<String> put = startBlocking("putter", () -> {
			queue.put("third");
			return "inserted";
		});
		List<String> left = switch (removal) {
			case "poll" -> {
				assertThat(queue.poll()).isEqualTo("first");
				yield List.of("second", "third");
			}
			case "timed poll" -> {
				assertThat(queue.poll(1, TimeUnit.SECONDS)).isEqualTo("first");
				yield List.of("second", "third");
			}
			case "take" -> {
				assertThat(queue.take()).isEqualTo("first");
				yield List.of("second", "third");
			}
			case "remove(Object) of the first" -> {
				assertThat(queue.remove("first")).isTrue();
				yield List.of("second", "third");
			}
			case "remove(Object) of the last" -> {
				assertThat(queue.remove("second")).isTrue();
				yield List.of("first", "third");
			}
			case "iterator.remove" -> {
				Iterator<String> iterator = queue.iterator();
				iterator.next();
				iterator.remove();
				yield List.of("second", "third");
			}
			case "drainTo" -> {
				assertThat(queue.drainTo(new ArrayList<>())).isEqualTo(2);
				yield List.of("third");
			}
			case "drainTo(max)" -> {
				assertThat(queue.drainTo(new ArrayList<>(), 1)).isOne();
				yield List.of("second", "third");
			}
			case "removeIf" -> {
				assertThat(queue.removeIf("first"::equals)).isTrue();
				yield List.of("second", "third");
			}
			case "removeAll" -> {
				assertThat(queue.removeAll(Set.of("second"))).isTrue();
				yield List.of("first", "third");
			}
			case "retainAll" -> {
				assertThat(queue.retainAll(Set.of("second"))).isTrue();
				yield List.of("second", "third");
			}
			case "clear" -> {
				queue.clear();
				yield List.of("third");
			}
			default -> throw new IllegalArgumentException(removal);
		};
		assertThat(put.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(queue).containsExactlyElementsOf(left);
		assertThat(queue.size()).isEqualTo(left.size());
	}

	@ParameterizedTest
	@ValueSource(strings = { "clear", "drainTo", "removeIf", "removeAll", "retainAll" })
	void bulkRemovalThatFreesTwoSlotsWakesBothBlockedPutters(String removal) throws Exception {
		ParkingBlockingQueue<String> queue = queueOf(2, 1, "first", "second");
		CompletableFuture<String> third = startBlocking("putter-1", () -> {
			queue.put("third");
			return "inserted";
		});
		CompletableFuture<String> fourth = startBlocking("putter-2", () -> {
			queue.offer("fourth", TimeUnit.HOURS.toNanos(1));
			return "inserted";
		});
		switch (removal) {
			case "clear" -> queue.clear();
			case "drainTo" -> assertThat(queue.drainTo(new ArrayList<>())).isEqualTo(2);
			case "removeIf" -> assertThat(queue.removeIf((element) -> true)).isTrue();
			case "removeAll" -> assertThat(queue.removeAll(Set.of("first", "second"))).isTrue();
			case "retainAll" -> assertThat(queue.retainAll(Set.of())).isTrue();
			default -> throw new IllegalArgumentException(removal);
		}
		assertThat(third.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(fourth.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(queue).containsExactlyInAnyOrder("third", "fourth");
	}

	@ParameterizedTest
	@ValueSource(strings = { "clear", "drainTo", "removeIf", "removeAll", "retainAll" })
	void bulkRemovalThatFreesTwoSlotsSignalsBothBlockedPuttersItself(String removal) throws Exception {
		// A putter that inserted may signal the next one when it leaves space behind (the two-lock queue's do): the
		// bulk removal must not rely on that, so that the second putter does not wait for the first one's insertion.
		ParkingBlockingQueue<String> queue = queueOf(2, 1, "first", "second");
		CompletableFuture<String> third = startBlocking("putter-1", () -> {
			queue.put("third");
			return "inserted";
		});
		CompletableFuture<String> fourth = startBlocking("putter-2", () -> {
			queue.put("fourth");
			return "inserted";
		});
		// The removal runs under the locks that the lock holder then keeps: the putters it signals wake and wait
		// for a lock, one left unsignalled stays parked on the putters' wait list.
		LockHolder holder = holdLocks(queue, "second", () -> {
			switch (removal) {
				case "clear" -> queue.clear();
				case "drainTo" -> assertThat(queue.drainTo(new ArrayList<>())).isEqualTo(2);
				case "removeIf" -> assertThat(queue.removeIf((element) -> true)).isTrue();
				case "removeAll" -> assertThat(queue.removeAll(Set.of("first", "second"))).isTrue();
				case "retainAll" -> assertThat(queue.retainAll(Set.of())).isTrue();
				default -> throw new IllegalArgumentException(removal);
			}
		});
		awaitWaitingForALock(threadNamed("putter-1"));
		awaitWaitingForALock(threadNamed("putter-2"));
		holder.release();
		assertThat(third.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(fourth.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(queue).containsExactlyInAnyOrder("third", "fourth");
	}

	@Test
	void drainOfOneElementWakesOneOfTwoBlockedPuttersAndThePollAfterItTheOther() throws Exception {
		ParkingBlockingQueue<String> queue = queueOf(2, 1, "first", "second");
		Thread firstPutter = start("putter-1", () -> queue.put("third"));
		awaitParked(firstPutter);
		Thread secondPutter = start("putter-2", () -> queue.put("fourth"));
		awaitParked(secondPutter);
		assertThat(queue.drainTo(new ArrayList<>(), 1)).isOne();
		firstPutter.join(AT_MOST.toMillis());
		assertThat(firstPutter.isAlive()).as("the oldest putter got the freed slot").isFalse();
		assertThat(queue).containsExactly("second", "third");
		awaitParked(secondPutter);
		assertThat(queue.poll()).isEqualTo("second");
		secondPutter.join(AT_MOST.toMillis());
		assertThat(secondPutter.isAlive()).isFalse();
		assertThat(queue).containsExactly("third", "fourth");
	}

	@ParameterizedTest
	@ValueSource(strings = { "offer", "add", "put", "timed offer", "timed offer with unit", "offerNow" })
	void blockedTakeIsWokenByEveryKindOfInsertion(String insertion) throws Exception {
		ParkingBlockingQueue<String> queue = newQueue(2);
		CompletableFuture<String> taken = startBlocking("taker", queue::take);
		switch (insertion) {
			case "offer" -> assertThat(queue.offer("job")).isTrue();
			case "add" -> queue.add("job");
			case "put" -> queue.put("job");
			case "timed offer" -> assertThat(queue.offer("job", TimeUnit.SECONDS.toNanos(1))).isTrue();
			case "timed offer with unit" -> assertThat(queue.offer("job", 1, TimeUnit.SECONDS)).isTrue();
			case "offerNow" -> assertThat(queue.offerNow("job")).isTrue();
			default -> throw new IllegalArgumentException(insertion);
		}
		assertThat(taken.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("job");
		assertThat(queue).isEmpty();
	}

	@Test
	void threeTakersParkedOnAnEmptyQueueAreAllWokenByThreeQuickOffers() throws Exception {
		// In the two-lock queue, only the offer that makes the queue non-empty signals a taker; the rest depend on
		// each woken taker that leaves elements behind signalling the next one.
		for (int round = 0; round < 5; round++) {
			ParkingBlockingQueue<String> queue = newLargeQueue();
			List<CompletableFuture<String>> takes = new ArrayList<>();
			takes.add(startBlocking("taker-1-" + round, queue::take));
			takes.add(startBlocking("taker-2-" + round, queue::take));
			takes.add(startBlocking("taker-3-" + round, () -> queue.poll(1, TimeUnit.HOURS)));
			assertThat(queue.offer("a")).isTrue();
			assertThat(queue.offer("b")).isTrue();
			assertThat(queue.offer("c")).isTrue();
			List<String> taken = new ArrayList<>();
			for (CompletableFuture<String> take : takes) {
				taken.add(take.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
			}
			assertThat(taken).as("round %d", round).containsExactlyInAnyOrder("a", "b", "c");
			assertThat(queue).isEmpty();
		}
	}

	@Test
	void threePuttersParkedOnAFullQueueAreAllReleasedByThreeQuickPolls() throws Exception {
		// In the two-lock queue, only the poll from a full queue signals a putter; the rest depend on each woken
		// putter that leaves space behind signalling the next one.
		for (int round = 0; round < 5; round++) {
			ParkingBlockingQueue<String> queue = queueOf(3, 1, "a", "b", "c");
			List<CompletableFuture<String>> puts = new ArrayList<>();
			puts.add(startBlocking("putter-1-" + round, () -> {
				queue.put("d");
				return "inserted";
			}));
			puts.add(startBlocking("putter-2-" + round, () -> {
				queue.put("e");
				return "inserted";
			}));
			puts.add(startBlocking("putter-3-" + round,
					() -> queue.offer("f", 1, TimeUnit.HOURS) ? "inserted" : "timed out"));
			assertThat(queue.poll()).isEqualTo("a");
			assertThat(queue.poll()).isEqualTo("b");
			assertThat(queue.poll()).isEqualTo("c");
			for (CompletableFuture<String> put : puts) {
				assertThat(put.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).as("round %d", round).isEqualTo("inserted");
			}
			assertThat(queue).containsExactlyInAnyOrder("d", "e", "f");
		}
	}

	@Test
	void timedPollOnEmptyAndTimedOfferOnFullGiveUpAfterTheirTime() throws Exception {
		ParkingBlockingQueue<String> queue = newQueue(1);
		long wait = TimeUnit.MILLISECONDS.toNanos(20);
		long start = System.nanoTime();
		assertThat(queue.poll(wait)).isNull();
		assertThat(System.nanoTime() - start).as("waited").isGreaterThanOrEqualTo(wait);
		start = System.nanoTime();
		assertThat(queue.poll(20, TimeUnit.MILLISECONDS)).isNull();
		assertThat(System.nanoTime() - start).as("waited").isGreaterThanOrEqualTo(wait);
		queue.add("first");
		start = System.nanoTime();
		assertThat(queue.offer("second", wait)).isFalse();
		assertThat(System.nanoTime() - start).as("waited").isGreaterThanOrEqualTo(wait);
		start = System.nanoTime();
		assertThat(queue.offer("second", 20, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(System.nanoTime() - start).as("waited").isGreaterThanOrEqualTo(wait);
		assertThat(queue).containsExactly("first");
		// The tickets of the waits that timed out do not take the signals meant for threads parked after them.
		assertNoLeftTicketSwallowsTheNextSignals(queue);
	}

	@Test
	void zeroOrNegativeTimeoutReturnsAtOnceAndLeavesNoTicketToSwallowTheNextSignal() throws Exception {
		ParkingBlockingQueue<String> queue = newQueue(1);
		// A zero timeout still makes its one attempt.
		assertThat(queue.offer("ready", 0)).isTrue();
		assertThat(queue.poll(0)).isEqualTo("ready");
		assertThat(queue.offer("ready", 0, TimeUnit.SECONDS)).isTrue();
		assertThat(queue.poll(0, TimeUnit.SECONDS)).isEqualTo("ready");
		long start = System.nanoTime();
		assertThat(queue.poll(0)).isNull();
		assertThat(queue.poll(-1)).isNull();
		assertThat(queue.poll(0, TimeUnit.SECONDS)).isNull();
		queue.add("first");
		assertThat(queue.offer("second", 0)).isFalse();
		assertThat(queue.offer("second", -1)).isFalse();
		assertThat(queue.offer("second", 0, TimeUnit.SECONDS)).isFalse();
		assertThat(System.nanoTime() - start).as("nanos spent").isLessThan(TimeUnit.SECONDS.toNanos(1));
		assertThat(queue).containsExactly("first");
		// A ticket left waiting by one of the calls above would be the oldest, and would take the signal of the
		// next removal (or insertion) away from the thread parked behind it.
		assertNoLeftTicketSwallowsTheNextSignals(queue);
	}

	/**
	 * With a queue of capacity 1 holding "first": a parked putter is woken by the next removal, and a parked
	 * taker by the next insertion.
	 */
	private void assertNoLeftTicketSwallowsTheNextSignals(ParkingBlockingQueue<String> queue) throws Exception {
		CompletableFuture<String> put = startBlocking("putter", () -> {
			queue.put("second");
			return "inserted";
		});
		assertThat(queue.poll()).isEqualTo("first");
		assertThat(put.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(queue.poll()).isEqualTo("second");
		assertThat(queue.poll(0)).isNull();
		CompletableFuture<String> taken = startBlocking("taker", queue::take);
		queue.add("third");
		assertThat(taken.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("third");
	}

	@Test
	void everyElementIsTakenExactlyOnceUnderContention() throws Exception {
		int producers = 4;
		int consumers = 4;
		int perProducer = 20_000;
		int total = producers * perProducer;
		ParkingBlockingQueue<Integer> queue = newQueue(3);
		AtomicIntegerArray takes = new AtomicIntegerArray(total);
		AtomicInteger taken = new AtomicInteger();
		List<CompletableFuture<Object>> outcomes = new ArrayList<>();
		int pill = -1;
		List<CompletableFuture<Object>> takers = new ArrayList<>();
		for (int c = 0; c < consumers; c++) {
			boolean untimed = c < 2;
			boolean withUnit = c % 2 == 0;
			CompletableFuture<Object> outcome = startOutcome("consumer-" + c, () -> {
				if (untimed) {
					// take() has no time-out to hide a lost wake-up: it ends only on a pill put after the last element.
					for (Integer element = queue.take(); element != pill; element = queue.take()) {
						takes.incrementAndGet(element);
						taken.incrementAndGet();
					}
					return "done";
				}
				while (taken.get() < total) {
					Integer element = withUnit ? queue.poll(10, TimeUnit.MILLISECONDS)
							: queue.poll(TimeUnit.MILLISECONDS.toNanos(10));
					if (element != null && element == pill) {
						queue.put(pill);
					}
					else if (element != null) {
						takes.incrementAndGet(element);
						taken.incrementAndGet();
					}
				}
				return "done";
			});
			outcomes.add(outcome);
			if (untimed) {
				takers.add(outcome);
			}
		}
		for (int p = 0; p < producers; p++) {
			int first = p * perProducer;
			outcomes.add(startOutcome("producer-" + p, () -> {
				for (int i = first; i < first + perProducer; i++) {
					boolean inserted = (i % 2 == 0) ? queue.offer(i, AT_MOST.toNanos())
							: queue.offer(i, AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
					if (!inserted) {
						throw new IllegalStateException("Offer of " + i + " timed out");
					}
				}
				return "done";
			}));
		}
		Awaitility.await().atMost(AT_MOST).until(() -> taken.get() == total);
		for (int i = 0; i < takers.size(); i++) {
			queue.put(pill);
		}
		for (CompletableFuture<Object> outcome : outcomes) {
			assertThat(outcome.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done");
		}
		List<Integer> notTakenOnce = IntStream.range(0, total).filter((i) -> takes.get(i) != 1).boxed().toList();
		assertThat(notTakenOnce).as("elements not taken exactly once").isEmpty();
		assertThat(taken).hasValue(total);
		assertThat(queue.isEmpty()).isTrue();
	}

	@Test
	void twoProducersAndTwoConsumersOfACapacityOneQueueHandOverEveryElementExactlyOnce() throws Exception {
		// Every hand-off goes through a full or an empty queue: each one needs a signal (in the two-lock queue,
		// across its two locks). take() and put() have no time-out to hide a lost wake-up, and the futures'
		// time-out turns a deadlock into a failure.
		int perProducer = 12_500;
		int total = 2 * perProducer;
		int pill = -1;
		ParkingBlockingQueue<Integer> queue = newQueue(1);
		AtomicIntegerArray takes = new AtomicIntegerArray(total);
		List<CompletableFuture<Integer>> consumers = new ArrayList<>();
		for (int c = 0; c < 2; c++) {
			consumers.add(startOutcome("consumer-" + c, () -> {
				int count = 0;
				for (int element = queue.take(); element != pill; element = queue.take()) {
					takes.incrementAndGet(element);
					count++;
				}
				return count;
			}));
		}
		List<CompletableFuture<Integer>> producers = new ArrayList<>();
		for (int p = 0; p < 2; p++) {
			int first = p;
			producers.add(startOutcome("producer-" + p, () -> {
				for (int i = first; i < total; i += 2) {
					queue.put(i);
				}
				return perProducer;
			}));
		}
		for (CompletableFuture<Integer> producer : producers) {
			assertThat(producer.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo(perProducer);
		}
		assertThat(queue.offer(pill, AT_MOST.toNanos())).as("pill offered").isTrue();
		assertThat(queue.offer(pill, AT_MOST.toNanos())).as("pill offered").isTrue();
		int taken = 0;
		for (CompletableFuture<Integer> consumer : consumers) {
			taken += consumer.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
		}
		List<Integer> notTakenOnce = IntStream.range(0, total).filter((i) -> takes.get(i) != 1).boxed().toList();
		assertThat(notTakenOnce).as("elements not taken exactly once").isEmpty();
		assertThat(taken).isEqualTo(total);
		assertThat(queue.isEmpty()).isTrue();
		assertThat(queue.remainingCapacity()).isOne();
	}

	@Test
	void everyElementIsAccountedForOnceWhileOtherThreadsRemoveIterateCopyAndDrain() throws Exception {
		// Producers and consumers work at the two ends while other threads remove from anywhere, iterate and remove,
		// copy and drain: each element must leave exactly once (taken, drained or removed), none may be lost, and no
		// copy of the queue may show more than its capacity, a null or two elements of one producer out of order.
		int capacity = 4;
		int perProducer = 25_000;
		int total = 2 * perProducer;
		int pill = -1;
		ParkingBlockingQueue<Integer> queue = newQueue(capacity);
		AtomicIntegerArray taken = new AtomicIntegerArray(total);
		AtomicIntegerArray drained = new AtomicIntegerArray(total);
		AtomicIntegerArray removed = new AtomicIntegerArray(total);
		AtomicIntegerArray iteratorRemovals = new AtomicIntegerArray(total);
		AtomicBoolean running = new AtomicBoolean(true);
		List<CompletableFuture<Integer>> consumers = new ArrayList<>();
		for (int c = 0; c < 2; c++) {
			boolean untimed = c == 0;
			consumers.add(startOutcome("consumer-" + c, () -> {
				int count = 0;
				for (;;) {
					Integer element = untimed ? queue.take() : queue.poll(TimeUnit.MILLISECONDS.toNanos(10));
					if (element == null) {
						continue;
					}
					if (element == pill) {
						return count;
					}
					taken.incrementAndGet(element);
					count++;
				}
			}));
		}
		List<CompletableFuture<Integer>> producers = new ArrayList<>();
		for (int p = 0; p < 2; p++) {
			int first = p;
			producers.add(startOutcome("producer-" + p, () -> {
				for (int i = first; i < total; i += 2) {
					if (i % 3 == 0) {
						assertThat(queue.offer(i, AT_MOST.toNanos())).as("offer of %d", i).isTrue();
					}
					else {
						queue.put(i);
					}
				}
				return perProducer;
			}));
		}
		List<CompletableFuture<Integer>> others = new ArrayList<>();
		others.add(startOutcome("remover", () -> {
			int removals = 0;
			while (running.get()) {
				Object[] copy = queue.toArray();
				assertCopyIsConsistent(copy, capacity);
				if (copy.length > 0) {
					Integer element = (Integer) copy[ThreadLocalRandom.current().nextInt(copy.length)];
					queue.contains(element);
					if (queue.remove(element)) {
						removed.incrementAndGet(element);
						removals++;
					}
				}
				Thread.yield();
			}
			return removals;
		}));
		others.add(startOutcome("iterator", () -> {
			int attempts = 0;
			while (running.get()) {
				List<Integer> seen = new ArrayList<>();
				for (Iterator<Integer> iterator = queue.iterator(); iterator.hasNext();) {
					Integer element = iterator.next();
					seen.add(element);
					if (element % 5 == 0) {
						// Removes nothing if the element left meanwhile: counted as an attempt only.
						iteratorRemovals.incrementAndGet(element);
						iterator.remove();
						attempts++;
					}
				}
				assertCopyIsConsistent(seen.toArray(), capacity);
				assertCopyIsConsistent(queue.toArray(new Integer[0]), capacity);
				Thread.yield();
			}
			return attempts;
		}));
		others.add(startOutcome("drainer", () -> {
			int drains = 0;
			while (running.get()) {
				List<Integer> into = new ArrayList<>();
				int count = (drains % 2 == 0) ? queue.drainTo(into, 2) : queue.drainTo(into);
				assertThat(into).hasSize(count).hasSizeLessThanOrEqualTo(capacity);
				assertCopyIsConsistent(into.toArray(), capacity);
				into.forEach(drained::incrementAndGet);
				drains += count;
				Thread.yield();
			}
			return drains;
		}));
		for (CompletableFuture<Integer> producer : producers) {
			assertThat(producer.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo(perProducer);
		}
		running.set(false);
		List<Integer> otherCounts = new ArrayList<>();
		for (CompletableFuture<Integer> other : others) {
			otherCounts.add(other.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
		}
		assertThat(queue.offer(pill, AT_MOST.toNanos())).as("pill offered").isTrue();
		assertThat(queue.offer(pill, AT_MOST.toNanos())).as("pill offered").isTrue();
		for (CompletableFuture<Integer> consumer : consumers) {
			consumer.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
		}
		assertThat(queue.isEmpty()).isTrue();
		List<String> duplicated = new ArrayList<>();
		List<Integer> lost = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			int left = taken.get(i) + drained.get(i) + removed.get(i);
			if (left > 1) {
				duplicated.add(i + " (taken " + taken.get(i) + ", drained " + drained.get(i) + ", removed "
						+ removed.get(i) + ")");
			}
			else if (left == 0 && iteratorRemovals.get(i) == 0) {
				lost.add(i);
			}
		}
		assertThat(duplicated).as("elements that left more than once").isEmpty();
		assertThat(lost).as("elements lost").isEmpty();
		assertThat(otherCounts).as("removals, iterator removals and drained elements").allMatch((count) -> count > 0);
	}

	/**
	 * Check a copy of a queue that two producers fill with even and odd numbers, each in increasing order.
	 */
	private static void assertCopyIsConsistent(Object[] copy, int capacity) {
		assertThat(copy).hasSizeLessThanOrEqualTo(capacity).doesNotContainNull();
		int lastEven = -1;
		int lastOdd = -1;
		for (Object element : copy) {
			int value = (Integer) element;
			if (value % 2 == 0) {
				assertThat(value).as("even elements in order in %s", List.of(copy)).isGreaterThan(lastEven);
				lastEven = value;
			}
			else {
				assertThat(value).as("odd elements in order in %s", List.of(copy)).isGreaterThan(lastOdd);
				lastOdd = value;
			}
		}
	}

	@Test
	void exitOfTheMonitorEndsATakeAndAPutBlockedOnTheQueueWithThreadExit() throws Exception {
		ThreadFactory factory = monitoredThreads("queue-exit");
		ParkingBlockingQueue<String> empty = newLargeQueue();
		ParkingBlockingQueue<String> full = queueOf(1, 1, "first");
		CompletableFuture<String> take = startBlocking(factory, "monitored-taker", empty::take);
		CompletableFuture<String> put = startBlocking(factory, "monitored-putter", () -> {
			full.put("second");
			return "inserted";
		});
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThatThrownBy(() -> take.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(ThreadExit.class);
		assertThatThrownBy(() -> put.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(ThreadExit.class);
		assertThat(empty).isEmpty();
		assertThat(full).containsExactly("first");
		// The waits that ended left no ticket behind to take the next signals.
		assertNoLeftTicketSwallowsTheNextSignals(full);
	}

	@Test
	void elementOfferedAsTheBlockedTakerIsAskedToStopIsTakenOrStaysInTheQueue() throws Exception {
		ThreadFactory factory = monitoredThreads("queue-stops");
		for (int round = 0; round < 100; round++) {
			ParkingBlockingQueue<Integer> queue = newQueue(1);
			CompletableFuture<Integer> take = startBlocking(factory, "stopped-taker-" + round, queue::take);
			Thread taker = threadNamed("stopped-taker-" + round);
			CountDownLatch go = new CountDownLatch(1);
			int element = round;
			CompletableFuture<Boolean> offer = startOutcome("offerer-" + round, () -> {
				go.await();
				return queue.offer(element);
			});
			go.countDown();
			Interruption.request(taker);
			assertThat(offer.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
			try {
				assertThat(take.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).as("round %d", round).isEqualTo(element);
				assertThat(queue).as("round %d: taken", round).isEmpty();
			}
			catch (ExecutionException ex) {
				assertThat(ex).as("round %d", round).hasCauseInstanceOf(ThreadExit.class);
				assertThat(queue).as("round %d: the taker stopped, the element stays", round).containsExactly(element);
				assertThat(queue.poll()).isEqualTo(element);
			}
		}
	}

	/**
	 * Return a queue of the given capacity through which the given number of filler elements went (each offered
	 * and polled), holding the given elements: those of a ring buffer start that many slots on, and run past the
	 * end of its array if they are many enough; the head of a linked queue is a node that held an element.
	 */
	final ParkingBlockingQueue<String> queueOf(int capacity, int fillers, String... elements) {
		ParkingBlockingQueue<String> queue = newQueue(capacity);
		for (int i = 0; i < fillers; i++) {
			queue.add("filler");
			assertThat(queue.poll()).isEqualTo("filler");
		}
		for (String element : elements) {
			queue.add(element);
		}
		return queue;
	}

	/**
	 * Poll the queue until it is empty.
	 */
	static <E> List<E> drain(Queue<E> queue) {
		List<E> elements = new ArrayList<>();
		for (E element = queue.poll(); element != null; element = queue.poll()) {
			elements.add(element);
		}
		return elements;
	}

	/**
	 * Hold the queue's locks (its one lock, or both of a two-lock queue) until released, after running an action
	 * under them: contains(..) holds them while its argument compares itself with the elements, and the argument
	 * acts and waits when compared with the last one (the action may remove it: contains(..) then ends).
	 */
	final LockHolder holdLocks(ParkingBlockingQueue<String> queue, String lastElement, Runnable action)
			throws Exception {
		LockHolder holder = new LockHolder(lastElement, action);
		CompletableFuture<Boolean> contains = startOutcome("lock-holder", () -> queue.contains(holder));
		assertThat(holder.holding.await(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
		holder.outcome = contains;
		return holder;
	}

	private ThreadFactory monitoredThreads(String name) {
		this.monitor = ExitMonitor.create(name);
		return this.monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE);
	}

	final Thread threadNamed(String name) {
		return this.threads.stream()
			.filter((thread) -> thread.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No thread named " + name));
	}

	private Thread start(String name, BlockingRunnable body) {
		return start(Thread::new, name, body);
	}

	private Thread start(ThreadFactory factory, String name, BlockingRunnable body) {
		Thread thread = factory.newThread(() -> {
			try {
				body.run();
			}
			catch (InterruptedException ex) {
				// Ended by the test's cleanup.
			}
		});
		thread.setName(name);
		this.threads.add(thread);
		thread.start();
		return thread;
	}

	/** Start a thread that runs a call and completes the future with its result or failure. */
	final <T> CompletableFuture<T> startOutcome(String name, BlockingCall<T> call) {
		CompletableFuture<T> outcome = new CompletableFuture<>();
		startCompleting(Thread::new, name, call, outcome);
		return outcome;
	}

	/** Start a thread that runs a blocking call, and wait until it is parked on one of the queue's wait lists. */
	private <T> CompletableFuture<T> startBlocking(String name, BlockingCall<T> call) {
		return startBlocking(Thread::new, name, call);
	}

	private <T> CompletableFuture<T> startBlocking(ThreadFactory factory, String name, BlockingCall<T> call) {
		CompletableFuture<T> outcome = new CompletableFuture<>();
		awaitParked(startCompleting(factory, name, call, outcome));
		assertThat(outcome).isNotDone();
		return outcome;
	}

	private <T> Thread startCompleting(ThreadFactory factory, String name, BlockingCall<T> call,
			CompletableFuture<T> outcome) {
		return start(factory, name, () -> {
			try {
				outcome.complete(call.call());
			}
			catch (Throwable ex) {
				outcome.completeExceptionally(ex);
			}
		});
	}

	/**
	 * Wait until the thread parks on a wait list of the queue (not on one of the queue's locks, which a thread
	 * also waits for parked).
	 */
	private static void awaitParked(Thread thread) {
		Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(AT_MOST).until(() -> {
			Thread.State state = thread.getState();
			return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
					&& LockSupport.getBlocker(thread) instanceof GuardedWaitList;
		});
	}

	/** Wait until the thread parks waiting for a lock. */
	static void awaitWaitingForALock(Thread thread) {
		Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(AT_MOST).until(
				() -> thread.getState() == Thread.State.WAITING
						&& LockSupport.getBlocker(thread) instanceof AbstractQueuedSynchronizer);
	}

	/**
	 * The argument of a {@code contains(..)} that holds the queue's locks: compared with the last element, it runs
	 * its action and returns only once released; it equals no element.
	 */
	static final class LockHolder {

		private final String lastElement;

		private final Runnable action;

		final CountDownLatch holding = new CountDownLatch(1);

		final CountDownLatch released = new CountDownLatch(1);

		volatile CompletableFuture<Boolean> outcome;

		LockHolder(String lastElement, Runnable action) {
			this.lastElement = lastElement;
			this.action = action;
		}

		void release() throws Exception {
			this.released.countDown();
			assertThat(this.outcome.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isFalse();
		}

		@Override
		public boolean equals(Object other) {
			if (!this.lastElement.equals(other)) {
				return false;
			}
			try {
				this.action.run();
			}
			finally {
				this.holding.countDown();
			}
			try {
				this.released.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return false;
		}

		@Override
		public int hashCode() {
			return 0;
		}

	}

	/** A body of a started thread. */
	@FunctionalInterface
	private interface BlockingRunnable {

		void run() throws InterruptedException;

	}

	/** A blocking call whose result completes a future. */
	@FunctionalInterface
	interface BlockingCall<T> {

		T call() throws Exception;

	}

}

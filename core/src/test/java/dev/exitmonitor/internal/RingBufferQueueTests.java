package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link RingBufferQueue}: elements leave in insertion order however often the circular array wraps
 * around, removals from anywhere keep the order of the rest, snapshot iterators remove exactly the element they
 * returned, bulk removals are all or nothing, and every kind of removal or insertion wakes the threads parked
 * for it.
 * <p>
 * Most tests first shift the ring ({@link #wrappedQueue(int, int, String...)}), so that the elements run past
 * the end of the array and on from its start.
 */
class RingBufferQueueTests {

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	@AfterEach
	void endStartedThreads() throws InterruptedException {
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
	void elementsLeaveInInsertionOrderAcrossManyWrapArounds() {
		RingBufferQueue<Integer> queue = new RingBufferQueue<>(3);
		Deque<Integer> expected = new ArrayDeque<>();
		int next = 0;
		for (int cycle = 0; cycle < 12; cycle++) {
			while (queue.remainingCapacity() > 0) {
				assertThat(queue.offer(next)).isTrue();
				expected.add(next++);
			}
			assertThat(queue.offer(-1)).as("offer on a full queue, cycle %d", cycle).isFalse();
			assertThat(queue.size()).isEqualTo(3);
			// Drain 1, 2 or 3 elements, so that the head goes round the array at a different pace each cycle.
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
	}

	@Test
	void nullElementsAndNonPositiveCapacitiesAreRejected() {
		RingBufferQueue<String> queue = new RingBufferQueue<>(2);
		assertThatNullPointerException().isThrownBy(() -> queue.offer(null)).withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.add(null)).withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.put(null)).withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.offer(null, TimeUnit.SECONDS.toNanos(1)))
			.withMessage("'element' must not be null");
		assertThatNullPointerException().isThrownBy(() -> queue.offer(null, 1, TimeUnit.SECONDS))
			.withMessage("'element' must not be null");
		assertThat(queue.contains(null)).isFalse();
		assertThat(queue.remove(null)).isFalse();
		assertThat(queue.isEmpty()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> new RingBufferQueue<>(0))
			.withMessage("'capacity' must be positive, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new RingBufferQueue<>(-7))
			.withMessage("'capacity' must be positive, but was -7");
	}

	@ParameterizedTest
	@CsvSource({ "a, head", "b, last slot of the array", "c, first slot of the array", "d, middle", "e, tail" })
	void removeOfAnElementAnywhereInAWrappedRingKeepsTheOthersInOrder(String removed, String position) {
		// Slots: c d e - - a b, with capacity 5: a@3, b@4, c@0, d@1, e@2.
		RingBufferQueue<String> queue = wrappedQueue(5, 3, "a", "b", "c", "d", "e");
		assertThat(queue.contains(removed)).isTrue();
		assertThat(queue.remove(removed)).as(position).isTrue();
		List<String> rest = new ArrayList<>(List.of("a", "b", "c", "d", "e"));
		rest.remove(removed);
		assertThat(queue).as(position).containsExactlyElementsOf(rest);
		assertThat(queue.contains(removed)).isFalse();
		assertThat(queue.remove(removed)).isFalse();
		assertThat(queue.size()).isEqualTo(4);
		assertThat(queue.remainingCapacity()).isOne();
		// The freed slot is the tail's: further offers and polls stay first in, first out.
		assertThat(queue.offer("f")).isTrue();
		assertThat(queue.offer("g")).isFalse();
		rest.add("f");
		for (String element : rest) {
			assertThat(queue.poll()).isEqualTo(element);
		}
		assertThat(queue.offer("g")).isTrue();
		assertThat(queue.offer("h")).isTrue();
		assertThat(queue).containsExactly("g", "h");
	}

	@Test
	void successiveRemovalsFromAWrappedRingLeaveItConsistent() {
		RingBufferQueue<String> queue = wrappedQueue(5, 4, "a", "b", "c", "d", "e");
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
	void removeOfAnObjectRemovesItsFirstOccurrence() {
		String first = new String("x");
		String second = new String("x");
		RingBufferQueue<String> queue = wrappedQueue(4, 2, first, "y", second);
		assertThat(queue.remove("x")).isTrue();
		assertThat(queue).containsExactly("y", "x");
		assertThat(queue.toArray()[1]).isSameAs(second);
	}

	@Test
	void iteratorIsASnapshotThatChangesOfTheQueueDoNotDisturb() {
		RingBufferQueue<String> queue = wrappedQueue(4, 3, "a", "b", "c");
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
	}

	@Test
	void iteratorRemovesTheOccurrenceItReturnedWhenTheSameElementIsQueuedTwice() {
		String twice = "twice";
		RingBufferQueue<String> queue = wrappedQueue(4, 3, twice, "other", twice);
		Iterator<String> iterator = queue.iterator();
		assertThat(iterator.next()).isSameAs(twice);
		assertThat(iterator.next()).isEqualTo("other");
		assertThat(iterator.next()).isSameAs(twice);
		iterator.remove();
		assertThat(queue).as("the first occurrence stays at the head").containsExactly(twice, "other");
		assertThat(queue.poll()).isSameAs(twice);
		assertThat(queue.poll()).isEqualTo("other");
		assertThat(queue.poll()).isNull();
	}

	@Test
	void iteratorRemoveOfAnElementThatAlreadyLeftRemovesNothing() {
		String element = "element";
		RingBufferQueue<String> queue = wrappedQueue(3, 2, element, "other");
		Iterator<String> iterator = queue.iterator();
		assertThat(iterator.next()).isSameAs(element);
		assertThat(queue.poll()).isSameAs(element);
		// The same reference queued again is a new insertion, which the iterator did not return.
		assertThat(queue.offer(element)).isTrue();
		iterator.remove();
		assertThat(queue).containsExactly("other", element);
		assertThat(iterator.next()).isEqualTo("other");
		iterator.remove();
		assertThat(queue).containsExactly(element);
	}

	@Test
	void iteratorRemoveFindsItsElementAfterOtherRemovalsMovedIt() {
		String twice = "twice";
		RingBufferQueue<String> queue = wrappedQueue(6, 4, "a", twice, "b", "c", twice, "d");
		Iterator<String> iterator = queue.iterator();
		// Both removals shift the later elements back, over the end of the array.
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
		RingBufferQueue<String> queue = wrappedQueue(3, 1, "a", "b");
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
	}

	@Test
	void bulkRemovalsFromAWrappedRingKeepTheOrderOfTheSurvivors() {
		RingBufferQueue<Integer> queue = new RingBufferQueue<>(5);
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

	@Test
	void removeIfWhosePredicateThrowsOnTheThirdElementLeavesTheQueueAsItWas() {
		RingBufferQueue<String> queue = wrappedQueue(5, 3, "a", "b", "c", "d", "e");
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
		assertThat(queue.remainingCapacity()).isZero();
		assertThat(queue.offer("f")).isFalse();
		assertThat(drain(queue)).containsExactly("a", "b", "c", "d", "e");
	}

	@Test
	void bulkRemovalsRejectNullArguments() {
		RingBufferQueue<String> queue = wrappedQueue(3, 1, "a");
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
	void drainToMovesElementsInOrderUpToTheMaximum() {
		RingBufferQueue<String> queue = wrappedQueue(5, 3, "a", "b", "c", "d", "e");
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
	}

	@Test
	void drainToTheQueueItselfIsRefused() {
		RingBufferQueue<String> queue = wrappedQueue(3, 1, "a", "b");
		assertThatIllegalArgumentException().isThrownBy(() -> queue.drainTo(queue))
			.withMessage("A queue cannot be drained into itself");
		assertThatIllegalArgumentException().isThrownBy(() -> queue.drainTo(queue, 1))
			.withMessage("A queue cannot be drained into itself");
		assertThat(queue).containsExactly("a", "b");
	}

	@Test
	void drainToATargetThatFailsRemovesOnlyTheElementsItAccepted() {
		RingBufferQueue<String> queue = wrappedQueue(5, 3, "a", "b", "c", "d", "e");
		DrainTarget<String> target = new DrainTarget<>((accepted, element) -> {
			if (accepted.size() == 2) {
				throw new IllegalStateException("Target full");
			}
		});
		assertThatIllegalStateException().isThrownBy(() -> queue.drainTo(target)).withMessage("Target full");
		assertThat(target).containsExactly("a", "b");
		assertThat(queue).containsExactly("c", "d", "e");
		assertThat(queue.remainingCapacity()).isEqualTo(2);
		assertThat(queue.offer("f")).isTrue();
		assertThat(queue.offer("g")).isTrue();
		assertThat(queue.offer("h")).isFalse();
		assertThat(drain(queue)).containsExactly("c", "d", "e", "f", "g");
	}

	@Test
	void drainToATargetThatFeedsTheQueueAgainEndsAfterTheElementsThereWhenItStarted() {
		RingBufferQueue<String> queue = wrappedQueue(5, 3, "a", "b", "c");
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
	}

	@Test
	void drainToATargetThatTakesFromTheQueueFailsInsteadOfLosingAnElement() {
		RingBufferQueue<String> queue = wrappedQueue(5, 3, "a", "b", "c");
		List<String> taken = new ArrayList<>();
		// Takes the head, the element being drained: the drain must not then drop "b" in its place.
		DrainTarget<String> target = new DrainTarget<>((drained, element) -> taken.add(queue.poll()));
		assertThatThrownBy(() -> queue.drainTo(target)).isInstanceOf(ConcurrentModificationException.class)
			.hasMessageContaining("drain into a collection that does not use this queue");
		assertThat(target).containsExactly("a");
		assertThat(taken).containsExactly("a");
		assertThat(queue).containsExactly("b", "c");
	}

	@Test
	void drainToATargetThatRemovesTheLastElementHandsOverNoNull() {
		RingBufferQueue<String> queue = wrappedQueue(5, 3, "a", "b", "c");
		DrainTarget<String> target = new DrainTarget<>((drained, element) -> {
			assertThat(element).as("element handed to the drain target").isNotNull();
			queue.remove("c");
		});
		assertThat(queue.drainTo(target)).isEqualTo(2);
		assertThat(target).containsExactly("a", "b");
		assertThat(queue).isEmpty();
	}

	@Test
	void removeIfWhoseFilterChangesTheQueueFailsAndRemovesNothingItTested() {
		RingBufferQueue<String> queue = wrappedQueue(5, 3, "a", "b", "c", "d");
		assertThatThrownBy(() -> queue.removeIf((element) -> {
			if ("b".equals(element)) {
				queue.offer("e");
			}
			return true;
		})).isInstanceOf(ConcurrentModificationException.class).hasMessageContaining("nothing was removed");
		assertThat(queue).containsExactly("a", "b", "c", "d", "e");
		assertThat(drain(queue)).containsExactly("a", "b", "c", "d", "e");
	}

	@Test
	void toArrayAndToStringListTheElementsOfAWrappedRingInOrder() {
		RingBufferQueue<String> queue = wrappedQueue(4, 3, "a", "b", "c");
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
		assertThat(queue).hasToString("[a, b, c]");
		queue.clear();
		assertThat(queue.toArray()).isEmpty();
		assertThat(queue).hasToString("[]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "poll", "remove(Object)", "iterator.remove", "drainTo", "drainTo(max)", "removeIf",
			"removeAll", "retainAll", "clear" })
	void blockedPutIsWokenByEveryKindOfRemoval(String removal) throws Exception {
		RingBufferQueue<String> queue = wrappedQueue(2, 1, "first", "second");
		CompletableFuture<String> put = startBlocking("putter", () -> {
			queue.put("third");
			return "inserted";
		});
		List<String> left = switch (removal) {
			case "poll" -> {
				queue.poll();
				yield List.of("second", "third");
			}
			case "remove(Object)" -> {
				queue.remove("second");
				yield List.of("first", "third");
			}
			case "iterator.remove" -> {
				Iterator<String> iterator = queue.iterator();
				iterator.next();
				iterator.remove();
				yield List.of("second", "third");
			}
			case "drainTo" -> {
				queue.drainTo(new ArrayList<>());
				yield List.of("third");
			}
			case "drainTo(max)" -> {
				queue.drainTo(new ArrayList<>(), 1);
				yield List.of("second", "third");
			}
			case "removeIf" -> {
				queue.removeIf("first"::equals);
				yield List.of("second", "third");
			}
			case "removeAll" -> {
				queue.removeAll(Set.of("second"));
				yield List.of("first", "third");
			}
			case "retainAll" -> {
				queue.retainAll(Set.of("second"));
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
	}

	@ParameterizedTest
	@ValueSource(strings = { "clear", "drainTo", "removeIf", "retainAll" })
	void bulkRemovalThatFreesTwoSlotsWakesBothBlockedPutters(String removal) throws Exception {
		RingBufferQueue<String> queue = wrappedQueue(2, 1, "first", "second");
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
			case "retainAll" -> assertThat(queue.retainAll(Set.of())).isTrue();
			default -> throw new IllegalArgumentException(removal);
		}
		assertThat(third.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(fourth.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("inserted");
		assertThat(queue).containsExactlyInAnyOrder("third", "fourth");
	}

	@Test
	void drainOfOneElementWakesOneOfTwoBlockedPuttersAndThePollAfterItTheOther() throws Exception {
		RingBufferQueue<String> queue = wrappedQueue(2, 1, "first", "second");
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

	@Test
	void everyElementIsTakenExactlyOnceUnderContention() throws Exception {
		int producers = 4;
		int consumers = 4;
		int perProducer = 20_000;
		int total = producers * perProducer;
		RingBufferQueue<Integer> queue = new RingBufferQueue<>(3);
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
	void timedPollOnEmptyAndTimedOfferOnFullGiveUpAfterTheirTime() throws Exception {
		RingBufferQueue<String> queue = new RingBufferQueue<>(1);
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
		RingBufferQueue<String> queue = new RingBufferQueue<>(1);
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
	private void assertNoLeftTicketSwallowsTheNextSignals(RingBufferQueue<String> queue) throws Exception {
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
	void streamOfAQueueInUseDoesNotFailWhileItsSizeChanges() throws Exception {
		// A stream over a queue that others change is weakly consistent, as the java.util.concurrent queues'
		// are: it may miss changes, but it must not fail because of them.
		// Collection's default spliterator reports SIZED and takes the iterator's snapshot and size() under two
		// lock holds, so toArray() would meet a changed size ("End size 3 is less than fixed size 4").
		RingBufferQueue<Integer> queue = new RingBufferQueue<>(8);
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

	/**
	 * Return a queue of the given capacity whose head was moved the given number of slots on, holding the
	 * given elements from there, running past the end of the array if they are many enough.
	 */
	private static RingBufferQueue<String> wrappedQueue(int capacity, int shift, String... elements) {
		RingBufferQueue<String> queue = new RingBufferQueue<>(capacity);
		for (int i = 0; i < shift; i++) {
			queue.add("filler");
			queue.poll();
		}
		for (String element : elements) {
			queue.add(element);
		}
		return queue;
	}

	private static <E> List<E> drain(RingBufferQueue<E> queue) {
		List<E> elements = new ArrayList<>();
		for (E element = queue.poll(); element != null; element = queue.poll()) {
			elements.add(element);
		}
		return elements;
	}

	private Thread start(String name, BlockingRunnable body) {
		Thread thread = new Thread(() -> {
			try {
				body.run();
			}
			catch (InterruptedException ex) {
				// Ended by the test's cleanup.
			}
		}, name);
		this.threads.add(thread);
		thread.start();
		return thread;
	}

	/** Start a thread that runs a call and completes the future with its result or failure. */
	private <T> CompletableFuture<T> startOutcome(String name, BlockingCall<T> call) {
		CompletableFuture<T> outcome = new CompletableFuture<>();
		startCompleting(name, call, outcome);
		return outcome;
	}

	/** Start a thread that runs a blocking call, and wait until it is parked on one of the queue's wait lists. */
	private <T> CompletableFuture<T> startBlocking(String name, BlockingCall<T> call) {
		CompletableFuture<T> outcome = new CompletableFuture<>();
		awaitParked(startCompleting(name, call, outcome));
		assertThat(outcome).isNotDone();
		return outcome;
	}

	private <T> Thread startCompleting(String name, BlockingCall<T> call, CompletableFuture<T> outcome) {
		return start(name, () -> {
			try {
				outcome.complete(call.call());
			}
			catch (Throwable ex) {
				outcome.completeExceptionally(ex);
			}
		});
	}

	/**
	 * Wait until the thread parks on a wait list of the queue (not on the queue's lock, which a thread also
	 * waits for parked).
	 */
	private static void awaitParked(Thread thread) {
		Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(AT_MOST).until(() -> {
			Thread.State state = thread.getState();
			return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
					&& LockSupport.getBlocker(thread) instanceof GuardedWaitList;
		});
	}

	/** A body of a started thread. */
	@FunctionalInterface
	private interface BlockingRunnable {

		void run() throws InterruptedException;

	}

	/** A blocking call whose result completes a future. */
	@FunctionalInterface
	private interface BlockingCall<T> {

		T call() throws Exception;

	}

}

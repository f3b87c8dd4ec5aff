package dev.exitmonitor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TwoLockLinkedQueue}: the contract of {@link ParkingBlockingQueueContractTests} (where the queue
 * built by {@link #queueOf(int, int, String...)} has a head that held an element, removals must leave the last
 * node right for the next insertion, and the takers or putters a change wakes must wake the next ones, as the two
 * locks' design needs; the tests of takers on an empty queue use the unbounded form), plus what only this storage
 * has: an unbounded form that counts its room from {@link Integer#MAX_VALUE}, and an offer or a poll that passed
 * its unlocked check of the count looks again under its lock.
 */
class TwoLockLinkedQueueTests extends ParkingBlockingQueueContractTests {

	@Override
	<E> TwoLockLinkedQueue<E> newQueue(int capacity) {
		return new TwoLockLinkedQueue<>(capacity);
	}

	@Override
	<E> TwoLockLinkedQueue<E> newLargeQueue() {
		return new TwoLockLinkedQueue<>();
	}

	@Test
	void unboundedQueueKeepsInsertionOrderOfManyElementsAndCountsItsRoomFromIntegerMaxValue() throws Exception {
		TwoLockLinkedQueue<Integer> queue = new TwoLockLinkedQueue<>();
		assertThat(queue.remainingCapacity()).isEqualTo(Integer.MAX_VALUE);
		int taken = 0;
		for (int i = 0; i < 10_000; i++) {
			if (i % 2 == 0) {
				assertThat(queue.offer(i)).isTrue();
			}
			else {
				queue.put(i);
			}
			if (i % 3 == 0) {
				assertThat(queue.poll()).isEqualTo(taken++);
			}
		}
		assertThat(queue.size()).isEqualTo(10_000 - taken);
		assertThat(queue.remainingCapacity()).isEqualTo(Integer.MAX_VALUE - queue.size());
		assertThat(queue.offer(-1, 0)).as("an unbounded queue is never full").isTrue();
		assertThat(queue.remove(-1)).isTrue();
		while (taken < 10_000) {
			assertThat(queue.take()).isEqualTo(taken++);
		}
		assertThat(queue.isEmpty()).isTrue();
		assertThat(queue.remainingCapacity()).isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void unboundedQueuePeekContainsSizeAndRemainingCapacityReportWithoutRemoving() {
		// The bounded queue's reports are part of the contract.
		TwoLockLinkedQueue<String> unbounded = new TwoLockLinkedQueue<>();
		assertThat(unbounded.peek()).isNull();
		assertThat(unbounded.contains("a")).isFalse();
		assertThat(unbounded.size()).isZero();
		unbounded.add("a");
		assertThat(unbounded.peek()).isEqualTo("a");
		assertThat(unbounded.contains("a")).isTrue();
		assertThat(unbounded.size()).isOne();
		assertThat(unbounded.remainingCapacity()).isEqualTo(Integer.MAX_VALUE - 1);
	}

	@Test
	void offerThatFoundRoomBeforeWaitingForThePutLockLooksAgainUnderIt() throws Exception {
		ParkingBlockingQueue<String> queue = queueOf(2, 1, "held");
		// Both offers see one free slot, then wait for the lock that contains(..) holds while it compares.
		LockHolder holder = holdLocks(queue, "held", () -> {
		});
		CompletableFuture<Boolean> first = startOutcome("offer-1", () -> queue.offer("a"));
		CompletableFuture<Boolean> second = startOutcome("offer-2", () -> queue.offer("b"));
		awaitWaitingForALock(threadNamed("offer-1"));
		awaitWaitingForALock(threadNamed("offer-2"));
		holder.release();
		boolean firstInserted = first.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
		boolean secondInserted = second.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
		assertThat(firstInserted ^ secondInserted).as("exactly one offer inserted (%s, %s)", firstInserted,
				secondInserted)
			.isTrue();
		assertThat(queue.size()).isEqualTo(2);
		assertThat(queue.remainingCapacity()).isZero();
		assertThat(queue).containsExactly("held", firstInserted ? "a" : "b");
	}

	@Test
	void pollThatFoundAnElementBeforeWaitingForTheTakeLockLooksAgainUnderIt() throws Exception {
		ParkingBlockingQueue<String> queue = queueOf(2, 1, "only");
		LockHolder holder = holdLocks(queue, "only", () -> {
		});
		CompletableFuture<String> first = startOutcome("poll-1", queue::poll);
		CompletableFuture<String> second = startOutcome("poll-2", queue::poll);
		awaitWaitingForALock(threadNamed("poll-1"));
		awaitWaitingForALock(threadNamed("poll-2"));
		holder.release();
		List<String> polled = new ArrayList<>();
		polled.add(first.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
		polled.add(second.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
		assertThat(polled).containsExactlyInAnyOrder("only", null);
		assertThat(queue.size()).isZero();
		assertThat(queue.offer("next")).isTrue();
		assertThat(queue).containsExactly("next");
	}

}

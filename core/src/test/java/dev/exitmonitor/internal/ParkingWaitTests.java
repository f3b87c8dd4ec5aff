package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.Interruption;
import dev.exitmonitor.ThreadExit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link ParkingWait} and its {@link WaitList}: signals are never lost with a ticket that could not
 * use them, tickets of waits that ended do not pile up, and a stop always ends a parked wait, even when its
 * unpark was swallowed or came after a stale one.
 */
class ParkingWaitTests {

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	/** The lock of the storage the wait lists under test serve. */
	private final ReentrantLock listLock = new ReentrantLock();

	@Test
	void signalReceivedByATicketThatLeavesUnusedGoesToTheNextWaiter() throws Exception {
		GuardedWaitList waitList = GuardedWaitList.attemptingUnderLock(this.listLock);
		AtomicReference<String> slot = new AtomicReference<>();
		// The test thread queues first, so the signal below goes to its ticket, not to the parked thread.
		WaitTicket early = enqueue(waitList);
		CompletableFuture<Object> parked = new CompletableFuture<>();
		Thread waiter = startWaiting(Thread::new, "parked-waiter", waitList, () -> slot.getAndSet(null),
				() -> slot.get() != null, parked);
		Awaitility.await().atMost(AT_MOST).until(() -> waiter.getState() == Thread.State.WAITING);
		slot.set("element");
		signalOne(waitList);
		assertThat(early.isWaiting()).as("the oldest ticket got the signal").isFalse();
		Awaitility.await().during(Duration.ofMillis(50)).atMost(AT_MOST).until(() -> !parked.isDone());
		waitList.leave(early, () -> slot.get() != null);
		assertThat(parked.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("element");
		assertThat(waitList.size()).isZero();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void attemptThatThrowsLeavesNoTicketInTheList(boolean attemptUnderLock) {
		// Left waiting, the ticket would take the next signal away from a thread that really waits.
		GuardedWaitList waitList = attemptUnderLock ? GuardedWaitList.attemptingUnderLock(this.listLock)
				: GuardedWaitList.checkingUnderLock(this.listLock);
		WaitTicket ticket = new WaitTicket();
		IllegalStateException failure = new IllegalStateException("attempt failed");
		assertThatThrownBy(() -> waitList.attemptOrEnqueue(() -> {
			throw failure;
		}, ticket, () -> true)).isSameAs(failure);
		assertThat(waitList.size()).isZero();
		assertThat(this.listLock.isHeldByCurrentThread()).isFalse();
	}

	@Test
	void checkingListEnqueuesWithoutAttemptingWhenNothingIsThere() {
		GuardedWaitList waitList = GuardedWaitList.checkingUnderLock(this.listLock);
		AtomicInteger attempts = new AtomicInteger();
		Object result = waitList.attemptOrEnqueue(() -> {
			attempts.incrementAndGet();
			return null;
		}, new WaitTicket(), () -> false);
		assertThat(result).isNull();
		assertThat(attempts).hasValue(0);
		assertThat(waitList.size()).isOne();
	}

	@Test
	void checkingListAttemptsOutsideItsLockAndChecksAgainWhenAnotherThreadWasFaster() {
		// Two-lock storage: an attempt that signals the other side takes the other lock, which must never happen
		// while this list's lock is held (two threads taking the locks in opposite orders would deadlock).
		GuardedWaitList waitList = GuardedWaitList.checkingUnderLock(this.listLock);
		Deque<Boolean> availability = new ArrayDeque<>(List.of(true, true, false));
		List<Boolean> lockHeldDuringAttempts = new ArrayList<>();
		List<Boolean> lockHeldDuringChecks = new ArrayList<>();
		Object result = waitList.attemptOrEnqueue(() -> {
			lockHeldDuringAttempts.add(this.listLock.isHeldByCurrentThread());
			return null;
		}, new WaitTicket(), () -> {
			lockHeldDuringChecks.add(this.listLock.isHeldByCurrentThread());
			return availability.poll();
		});
		assertThat(result).isNull();
		assertThat(lockHeldDuringAttempts).containsExactly(false, false);
		assertThat(lockHeldDuringChecks).containsExactly(true, true, true);
		assertThat(waitList.size()).as("queued after the check that found nothing").isOne();
	}

	@Test
	void checkingListReturnsTheResultOfASuccessfulAttemptWithoutQueueingTheTicket() {
		GuardedWaitList waitList = GuardedWaitList.checkingUnderLock(this.listLock);
		WaitTicket ticket = new WaitTicket();
		Object result = waitList.attemptOrEnqueue(() -> "element", ticket, () -> true);
		assertThat(result).isEqualTo("element");
		assertThat(waitList.size()).isZero();
		assertThat(ticket.isWaiting()).as("never queued, so never signalled or cancelled").isTrue();
	}

	@Test
	void signalOutsideTheLockSkipsCancelledTicketsAndWakesTheNextWaiter() throws Exception {
		GuardedWaitList waitList = GuardedWaitList.checkingUnderLock(this.listLock);
		WaitTicket cancelled = enqueue(waitList);
		waitList.leave(cancelled, () -> true);
		AtomicReference<String> slot = new AtomicReference<>();
		CompletableFuture<Object> parked = new CompletableFuture<>();
		Thread waiter = startWaiting(Thread::new, "waiter-behind-a-cancelled-ticket", waitList,
				() -> slot.getAndSet(null), () -> slot.get() != null, parked);
		Awaitility.await().atMost(AT_MOST).until(() -> waiter.getState() == Thread.State.WAITING);
		slot.set("element");
		waitList.signalOneOutsideLock();
		assertThat(parked.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("element");
		assertThat(waitList.size()).as("the cancelled ticket was dropped on the way").isZero();
	}

	@Test
	void signalUsedByTheAttemptAfterItIsNotPassedOn() throws Exception {
		// Asking whether something is left takes the queue's lock: a waiter that took what its signal announced
		// must not ask.
		GuardedWaitList waitList = GuardedWaitList.attemptingUnderLock(this.listLock);
		AtomicReference<String> slot = new AtomicReference<>();
		AtomicInteger attempts = new AtomicInteger();
		AtomicInteger askedWhetherLeft = new AtomicInteger();
		CompletableFuture<Object> outcome = new CompletableFuture<>();
		Thread waiter = startWaiting(Thread::new, "signalled-waiter", waitList, () -> {
			attempts.incrementAndGet();
			return slot.getAndSet(null);
		}, () -> {
			askedWhetherLeft.incrementAndGet();
			return slot.get() != null;
		}, outcome);
		// One attempt, made with the ticket queued (the caller tried before waiting), then parked.
		awaitWaitingAfter(waiter, attempts, 1);
		slot.set("element");
		signalOne(waitList);
		assertThat(outcome.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("element");
		waiter.join();
		assertThat(askedWhetherLeft).hasValue(0);
		assertThat(waitList.size()).isZero();
	}

	@Test
	void signalIsNotPassedOnWhenNothingIsLeftForTheNextWaiter() {
		GuardedWaitList waitList = GuardedWaitList.attemptingUnderLock(this.listLock);
		WaitTicket first = enqueue(waitList);
		WaitTicket second = enqueue(waitList);
		signalOne(waitList);
		waitList.leave(first, () -> false);
		assertThat(second.isWaiting()).isTrue();
		waitList.leave(second, () -> true);
		assertThat(second.isWaiting()).as("cancelled").isFalse();
		assertThat(waitList.size()).as("the cancelled ticket waits for the next sweep").isOne();
	}

	@Test
	void ticketsOfWaitsThatEndedAreSweptAndSkipped() throws Exception {
		GuardedWaitList waitList = GuardedWaitList.attemptingUnderLock(this.listLock);
		for (int i = 0; i < 1_000; i++) {
			Object result = ParkingWait.await(waitList, () -> null, () -> false, TimeUnit.MICROSECONDS.toNanos(20));
			assertThat(result).isNull();
		}
		assertThat(waitList.size()).as("tickets of timed-out waits swept").isLessThan(WaitList.SWEEP_EVERY);
		AtomicReference<String> slot = new AtomicReference<>();
		int[] attempts = { 0 };
		String result = ParkingWait.await(waitList, () -> {
			// Succeeds on the first attempt, made once the ticket is queued (the caller tried before waiting).
			if (attempts[0]++ == 0) {
				slot.set("ready");
			}
			return slot.get();
		}, () -> false);
		assertThat(result).isEqualTo("ready");
		assertThat(waitList.size()).isLessThanOrEqualTo(WaitList.SWEEP_EVERY);
		// The cancelled tickets left in the list do not swallow a signal meant for a thread that waits.
		slot.set(null);
		CompletableFuture<Object> parked = new CompletableFuture<>();
		Thread waiter = startWaiting(Thread::new, "waiter-behind-cancelled-tickets", waitList,
				() -> slot.getAndSet(null), () -> slot.get() != null, parked);
		Awaitility.await().atMost(AT_MOST).until(() -> waiter.getState() == Thread.State.WAITING);
		slot.set("element");
		signalOne(waitList);
		assertThat(parked.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("element");
	}

	@Test
	void zeroTimeoutDoesNotQueueATicket() throws Exception {
		GuardedWaitList waitList = GuardedWaitList.attemptingUnderLock(this.listLock);
		Object result = ParkingWait.await(waitList, () -> null, () -> false, 0);
		assertThat(result).isNull();
		assertThat(waitList.size()).isZero();
	}

	@Test
	void stopWhoseUnparkIsSwallowedByALockWaitInsideTheAttemptStillEndsTheWait() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("swallowed-unpark");
		GuardedWaitList waitList = GuardedWaitList.attemptingUnderLock(this.listLock);
		ReentrantLock queueLock = new ReentrantLock();
		AtomicInteger attempts = new AtomicInteger();
		CompletableFuture<Object> outcome = new CompletableFuture<>();
		Thread waiter = startWaiting(monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE), "lock-in-attempt",
				waitList, () -> {
					// Like a queue's poll: a moment on the queue's lock, which another thread may hold.
					attempts.incrementAndGet();
					queueLock.lock();
					queueLock.unlock();
					return null;
				}, () -> false, outcome);
		// One attempt (made with the ticket queued), then parked on the wait list.
		awaitWaitingAfter(waiter, attempts, 1);
		queueLock.lock();
		try {
			// A spurious wake-up: the second attempt blocks on the lock, still holding a ticket that waits.
			LockSupport.unpark(waiter);
			awaitWaitingAfter(waiter, attempts, 2);
			// The stop's unpark reaches the thread while it waits for the lock, which swallows it.
			Interruption.request(waiter);
		}
		finally {
			queueLock.unlock();
		}
		assertThat(outcome.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ThreadExit.class);
		waiter.join();
	}

	@Test
	void stopAfterAStaleWakeUpStillWakesTheWait() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("stale-wake-up");
		GuardedWaitList waitList = GuardedWaitList.attemptingUnderLock(this.listLock);
		AtomicInteger attempts = new AtomicInteger();
		CompletableFuture<Object> outcome = new CompletableFuture<>();
		Thread waiter = startWaiting(monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE), "stale-wake-up",
				waitList, () -> {
					attempts.incrementAndGet();
					return null;
				}, () -> false, outcome);
		awaitWaitingAfter(waiter, attempts, 1);
		// A wake-up with no stop behind it (as a task's stop that arrives after the task ended): the thread
		// looks, finds no stop, and waits on.
		ThreadStates.forThread(waiter).signalStop();
		awaitWaitingAfter(waiter, attempts, 2);
		Interruption.request(waiter);
		assertThat(outcome.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ThreadExit.class);
		waiter.join();
	}

	/**
	 * Signal the oldest ticket, under the lock of the storage, as a queue does after an insertion.
	 */
	private void signalOne(GuardedWaitList waitList) {
		this.listLock.lock();
		try {
			waitList.signalOne();
		}
		finally {
			this.listLock.unlock();
		}
	}

	/**
	 * Queue a ticket for the test thread, as a waiter whose attempt failed does.
	 */
	private static WaitTicket enqueue(GuardedWaitList waitList) {
		WaitTicket ticket = new WaitTicket();
		Object result = waitList.attemptOrEnqueue(() -> null, ticket, () -> false);
		assertThat(result).isNull();
		return ticket;
	}

	/**
	 * Start a thread that waits on the list until the attempt succeeds; the outcome completes with the result,
	 * or with the throwable that ended the wait.
	 */
	private static Thread startWaiting(ThreadFactory factory, String name, WaitList waitList,
			ParkingWait.Attempt<?> attempt, BooleanSupplier stillAvailable, CompletableFuture<Object> outcome) {
		Thread waiter = factory.newThread(() -> {
			try {
				outcome.complete(ParkingWait.await(waitList, attempt, stillAvailable));
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		waiter.setName(name);
		waiter.start();
		return waiter;
	}

	private static void awaitWaitingAfter(Thread thread, AtomicInteger attempts, int count) {
		Awaitility.await()
			.pollInterval(Duration.ofMillis(1))
			.atMost(AT_MOST)
			.until(() -> attempts.get() == count && thread.getState() == Thread.State.WAITING);
	}

	@Test
	void sleepWithAPendingForeignInterruptThrowsInterruptedExceptionAndClearsIt() {
		Thread.currentThread().interrupt();
		try {
			ParkingWait.sleep(TimeUnit.HOURS.toNanos(1));
			throw new AssertionError("sleep returned");
		}
		catch (InterruptedException ex) {
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
		}
	}

	@Test
	void sleepReturnsAfterItsTime() throws Exception {
		long start = System.nanoTime();
		ParkingWait.sleep(TimeUnit.MILLISECONDS.toNanos(20));
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
		ParkingWait.sleep(0);
	}

}

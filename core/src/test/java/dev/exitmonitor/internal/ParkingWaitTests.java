package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ParkingWait} and its {@link WaitList}: signals are never lost with a ticket that could not
 * use them, and waits that end leave no ticket behind.
 */
class ParkingWaitTests {

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	@Test
	void signalReceivedByATicketThatLeavesUnusedGoesToTheNextWaiter() throws Exception {
		WaitList waitList = new WaitList();
		AtomicReference<String> slot = new AtomicReference<>();
		// The test thread queues first, so the signal below goes to its ticket, not to the parked thread.
		WaitList.Ticket early = waitList.enqueue();
		CompletableFuture<String> parked = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			try {
				parked.complete(ParkingWait.await(waitList, () -> slot.getAndSet(null), () -> slot.get() != null));
			}
			catch (Throwable ex) {
				parked.completeExceptionally(ex);
			}
		}, "parked-waiter");
		waiter.start();
		Awaitility.await().atMost(AT_MOST).until(() -> waiter.getState() == Thread.State.WAITING);
		slot.set("element");
		waitList.signalOne();
		assertThat(early.isWaiting()).as("the oldest ticket got the signal").isFalse();
		Awaitility.await().during(Duration.ofMillis(50)).atMost(AT_MOST).until(() -> !parked.isDone());
		waitList.leave(early, () -> slot.get() != null);
		assertThat(parked.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isEqualTo("element");
		assertThat(waitList.isEmpty()).isTrue();
	}

	@Test
	void signalIsNotPassedOnWhenNothingIsLeftForTheNextWaiter() {
		WaitList waitList = new WaitList();
		WaitList.Ticket first = waitList.enqueue();
		WaitList.Ticket second = waitList.enqueue();
		waitList.signalOne();
		waitList.leave(first, () -> false);
		assertThat(second.isWaiting()).isTrue();
		waitList.leave(second, () -> true);
		assertThat(waitList.isEmpty()).isTrue();
	}

	@Test
	void timedOutAndSatisfiedWaitsLeaveNoTicketBehind() throws Exception {
		WaitList waitList = new WaitList();
		for (int i = 0; i < 100; i++) {
			Object result = ParkingWait.await(waitList, () -> null, () -> false, TimeUnit.MICROSECONDS.toNanos(50));
			assertThat(result).isNull();
		}
		assertThat(waitList.isEmpty()).as("tickets of timed-out waits removed").isTrue();
		AtomicReference<String> slot = new AtomicReference<>();
		int[] attempts = { 0 };
		String result = ParkingWait.await(waitList, () -> {
			// Succeeds on the attempt made after the ticket was queued.
			if (attempts[0]++ == 1) {
				slot.set("ready");
			}
			return slot.get();
		}, () -> false);
		assertThat(result).isEqualTo("ready");
		assertThat(waitList.isEmpty()).as("ticket of a satisfied wait removed").isTrue();
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

package dev.exitmonitor.internal;

import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.InterruptMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the hand-off at the end of an exit-aware wait when the wait ends while its stopper is still
 * inside {@link Thread#interrupt()}: the owner parks until the stopper is done (it does not spin), then
 * consumes the wake-up interrupt, which never leaks past the wait.
 * <p>
 * The stopper is held inside {@code interrupt()} deterministically: the owner blocks in an interruptible
 * channel, and {@code Thread.interrupt()} sets the interrupt status, wakes the thread and then closes such a
 * channel before it returns; this channel's close waits for the test.
 */
class WaitHandOffTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	@Test
	void ownerLeavingItsWaitWhileTheStopperIsInsideInterruptParksUntilItIsDone() throws Exception {
		CountDownLatch stopperInside = new CountDownLatch(1);
		CountDownLatch releaseStopper = new CountDownLatch(1);
		StallingChannel channel = new StallingChannel(stopperInside, releaseStopper);
		CompletableFuture<String> result = new CompletableFuture<>();
		CompletableFuture<Boolean> interruptedAfterWait = new CompletableFuture<>();
		Thread owner = new Thread(() -> {
			try {
				result.complete(ExitAwareWaits.await(channel::blockUntilInterrupted));
				interruptedAfterWait.complete(Thread.currentThread().isInterrupted());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, "owner");
		ThreadState state = ThreadStates.bind(owner, ExitMonitor.create("hand-off"), InterruptMode.COOPERATIVE);
		owner.start();
		Awaitility.await("owner blocked in the channel").atMost(PATIENCE)
			.until(() -> LockSupport.getBlocker(owner) == channel && state.isWaiting());

		Thread stopper = new Thread(state::signalStop, "stopper");
		stopper.start();
		assertThat(stopperInside.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		// The owner's blocking call has returned, but the stopper is still inside interrupt():
		// the owner waits for it parked, with its thread state as the blocker.
		Awaitility.await("owner parked until the stopper is done").atMost(PATIENCE)
			.until(() -> LockSupport.getBlocker(owner) == state && owner.getState() == Thread.State.WAITING);
		assertThat(result).isNotDone();

		releaseStopper.countDown();
		assertThat(result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("returned");
		assertThat(interruptedAfterWait.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
			.as("the wake-up interrupt is consumed by the wait").isFalse();
		stopper.join(PATIENCE.toMillis());
		owner.join(PATIENCE.toMillis());
		assertThat(state.isWaiting()).isFalse();
	}

	/**
	 * An interruptible channel whose close, run by {@code Thread.interrupt()} of a thread blocked in it, waits
	 * for a latch.
	 */
	static final class StallingChannel extends AbstractInterruptibleChannel {

		private final CountDownLatch closing;

		private final CountDownLatch release;

		StallingChannel(CountDownLatch closing, CountDownLatch release) {
			this.closing = closing;
			this.release = release;
		}

		/**
		 * Block until the calling thread is interrupted, as a channel read would, but return without
		 * {@code end()}: that would need the thread's interrupt lock, which the stopper holds while it is
		 * stalled in {@link #implCloseChannel()}. (The test thread ends right after, with its blocker still
		 * installed; a real channel operation ends only once the interrupt is complete.)
		 * @return how the call ended
		 */
		String blockUntilInterrupted() {
			begin();
			while (!Thread.currentThread().isInterrupted()) {
				LockSupport.park(this);
			}
			return "returned";
		}

		@Override
		protected void implCloseChannel() {
			this.closing.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}

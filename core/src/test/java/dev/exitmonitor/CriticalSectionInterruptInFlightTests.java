package dev.exitmonitor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that closing the outermost critical section lets a stopper's hard interrupt that is already in flight
 * land before {@code close()} returns, so the code after the section sees it. The window is a stopper that
 * finds the section closed (the owner has just taken its depth back to zero) and is inside
 * {@link Thread#interrupt()} when the owner, which then leaves the delivery to it, returns. The test holds both
 * threads at the edges of that window through a {@link Thread} subclass whose {@code interrupt()} can wait.
 */
class CriticalSectionInterruptInFlightTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void closeWaitsForAStoppersInterruptAlreadyInFlight() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("interrupt-in-flight");
		CountDownLatch inSection = new CountDownLatch(1);
		CountDownLatch leave = new CountDownLatch(1);
		CountDownLatch returned = new CountDownLatch(1);
		AtomicReference<Boolean> stopperInsideInterruptAtReturn = new AtomicReference<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		HoldingThread[] holder = new HoldingThread[1];
		Thread worker = monitor.threadFactory((runnable) -> holder[0] = new HoldingThread(runnable),
				InterruptMode.INTERRUPT)
			.newThread(() -> {
				try {
					// An interrupt before the section is held back and restored as the section closes, after
					// the depth went back to zero: the owner's own interrupt() call there is the hold point.
					Thread.currentThread().interrupt();
					try (CriticalSection section = Exit.critical()) {
						inSection.countDown();
						await(leave);
					}
					stopperInsideInterruptAtReturn.set(holder[0].stopperInsideInterrupt);
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
				finally {
					returned.countDown();
				}
			});
		HoldingThread owner = holder[0];
		worker.start();
		await(inSection);
		owner.holdOwnInterrupt = true;
		leave.countDown();
		await(owner.ownerHeld);

		// The section is closed now and the stop request finds the thread eligible: the stopper claims the
		// delivery and is held inside interrupt().
		Thread stopper = new Thread(() -> monitor.requestExit(ExitReason.requested("interrupt in flight")),
				"interrupt-in-flight-stopper");
		stopper.start();
		await(owner.stopperHeld);
		owner.releaseOwner.countDown();

		// The owner must now wait for the stopper's interrupt (or, if it does not, return at once).
		Awaitility.await("owner waiting for the interrupt in flight, or returned")
			.atMost(PATIENCE)
			.until(() -> returned.getCount() == 0 || List.of(worker.getStackTrace())
				.stream()
				.anyMatch((frame) -> frame.getMethodName().equals("awaitDeliveryInFlight")));
		owner.releaseStopper.countDown();
		stopper.join(PATIENCE.toMillis());
		worker.join(PATIENCE.toMillis());

		assertThat(failure.get()).isNull();
		assertThat(worker.isAlive()).isFalse();
		assertThat(stopperInsideInterruptAtReturn.get())
			.as("the stopper was still inside interrupt() when the section's close() returned")
			.isFalse();
	}

	private static void await(CountDownLatch latch) throws InterruptedException {
		assertThat(latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("latch reached").isTrue();
	}

	/**
	 * A thread whose {@code interrupt()} can hold its caller: the owner's own call, once armed, until released;
	 * every call from another thread (a stopper) before it interrupts, until released.
	 */
	private static final class HoldingThread extends Thread {

		final CountDownLatch ownerHeld = new CountDownLatch(1);

		final CountDownLatch releaseOwner = new CountDownLatch(1);

		final CountDownLatch stopperHeld = new CountDownLatch(1);

		final CountDownLatch releaseStopper = new CountDownLatch(1);

		volatile boolean holdOwnInterrupt;

		volatile boolean stopperInsideInterrupt;

		HoldingThread(Runnable runnable) {
			super(runnable, "interrupt-in-flight-owner");
		}

		@Override
		public void interrupt() {
			if (Thread.currentThread() == this) {
				if (this.holdOwnInterrupt) {
					this.holdOwnInterrupt = false;
					this.ownerHeld.countDown();
					awaitUninterruptibly(this.releaseOwner);
				}
				super.interrupt();
				return;
			}
			this.stopperInsideInterrupt = true;
			this.stopperHeld.countDown();
			awaitUninterruptibly(this.releaseStopper);
			super.interrupt();
			this.stopperInsideInterrupt = false;
		}

		private static void awaitUninterruptibly(CountDownLatch latch) {
			boolean interrupted = false;
			try {
				while (true) {
					try {
						if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
							throw new IllegalStateException("Not released within " + PATIENCE);
						}
						return;
					}
					catch (InterruptedException ex) {
						interrupted = true;
					}
				}
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}

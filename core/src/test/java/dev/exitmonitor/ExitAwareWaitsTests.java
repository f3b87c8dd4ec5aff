package dev.exitmonitor;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for the exit-aware waits of {@link Exit} and {@link ExitAwareQueue}.
 */
class ExitAwareWaitsTests {

	private final ExitMonitor monitor = ExitMonitor.create("waits");

	private final MonitoredThreads threads = new MonitoredThreads(this.monitor, InterruptMode.COOPERATIVE);

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.threads.close();
	}

	/**
	 * Run a blocking body in a monitored thread, wait until it blocks, request exit, and return how the
	 * body ended: "ThreadExit, interrupted=false" if it woke correctly.
	 */
	private String outcomeOnExit(BlockingBody body) throws Exception {
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Thread thread = this.threads.start("waiter", () -> {
			try {
				body.run();
				outcome.complete("returned");
			}
			catch (ThreadExit ex) {
				outcome.complete("ThreadExit, interrupted=" + Thread.currentThread().isInterrupted());
			}
			catch (Throwable ex) {
				outcome.complete(ex.toString());
			}
		});
		awaitBlocked(thread);
		assertThat(outcome).isNotDone();
		this.monitor.requestExit(ExitReason.requested("test"));
		return outcome.get(10, TimeUnit.SECONDS);
	}

	private void awaitBlocked(Thread thread) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			Thread.State state = thread.getState();
			return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
		});
	}

	@Test
	void sleepWakesOnExit() throws Exception {
		assertThat(outcomeOnExit(() -> Exit.sleep(Duration.ofHours(1)))).isEqualTo("ThreadExit, interrupted=false");
	}

	@Test
	void latchAwaitWakesOnExit() throws Exception {
		assertThat(outcomeOnExit(() -> Exit.await(new CountDownLatch(1)))).isEqualTo("ThreadExit, interrupted=false");
	}

	@Test
	void timedLatchAwaitWakesOnExit() throws Exception {
		assertThat(outcomeOnExit(() -> Exit.await(new CountDownLatch(1), Duration.ofHours(1))))
			.isEqualTo("ThreadExit, interrupted=false");
	}

	@Test
	void conditionAwaitWakesOnExitWithTheLockHeldAgain() throws Exception {
		ReentrantLock lock = new ReentrantLock();
		Condition condition = lock.newCondition();
		CompletableFuture<Boolean> heldAfterWake = new CompletableFuture<>();
		assertThat(outcomeOnExit(() -> {
			lock.lock();
			try {
				Exit.await(condition);
			}
			finally {
				heldAfterWake.complete(lock.isHeldByCurrentThread());
				lock.unlock();
			}
		})).isEqualTo("ThreadExit, interrupted=false");
		assertThat(heldAfterWake).isCompletedWithValue(true);
	}

	@Test
	void semaphoreAcquireWakesOnExit() throws Exception {
		assertThat(outcomeOnExit(() -> Exit.acquire(new Semaphore(0)))).isEqualTo("ThreadExit, interrupted=false");
	}

	@Test
	void lockWakesOnExit() throws Exception {
		ReentrantLock lock = new ReentrantLock();
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			lock.lock();
			try {
				held.countDown();
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				lock.unlock();
			}
		});
		holder.start();
		held.await();
		try {
			assertThat(outcomeOnExit(() -> Exit.lock(lock))).isEqualTo("ThreadExit, interrupted=false");
		}
		finally {
			release.countDown();
			holder.join();
		}
	}

	@Test
	void queueTakeWakesOnExitAndLeavesLaterElementsInTheQueue() throws Exception {
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());
		assertThat(outcomeOnExit(queue::take)).isEqualTo("ThreadExit, interrupted=false");
		queue.add("after exit");
		assertThat(queue).containsExactly("after exit");
	}

	@Test
	void queuePollWithTimeoutWakesOnExit() throws Exception {
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());
		assertThat(outcomeOnExit(() -> queue.poll(Duration.ofHours(1)))).isEqualTo("ThreadExit, interrupted=false");
	}

	@Test
	void queuePutOnFullQueueWakesOnExitWithoutInsertingTheElement() throws Exception {
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new ArrayBlockingQueue<>(1));
		queue.add("first");
		assertThat(outcomeOnExit(() -> queue.put("second"))).isEqualTo("ThreadExit, interrupted=false");
		assertThat(queue).containsExactly("first");
	}

	@Test
	void queueOfferWithTimeoutWakesOnExit() throws Exception {
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new ArrayBlockingQueue<>(1));
		queue.add("first");
		assertThat(outcomeOnExit(() -> queue.offer("second", 1, TimeUnit.HOURS)))
			.isEqualTo("ThreadExit, interrupted=false");
	}

	@Test
	void waitAfterStopRequestThrowsAtOnceWithoutConsumingAnElement() throws Exception {
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());
		queue.add("kept");
		this.monitor.requestExit(ExitReason.requested("test"));
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		this.threads.start("late-waiter", () -> {
			try {
				queue.take();
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(ThreadExit.class)
			.hasMessageContaining("'late-waiter' was asked to stop")
			.satisfies((exit) -> assertThat(exit.getStackTrace()).as("the library's ThreadExit carries no stack")
				.isEmpty());
		assertThat(queue).containsExactly("kept");
	}

	@Test
	void elementsAreDeliveredNormallyWhileRunning() throws Exception {
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());
		CompletableFuture<String> taken = new CompletableFuture<>();
		Thread consumer = this.threads.start("consumer", () -> {
			try {
				taken.complete(queue.take());
			}
			catch (Throwable ex) {
				taken.completeExceptionally(ex);
			}
		});
		awaitBlocked(consumer);
		queue.put("job");
		assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo("job");
		assertThat(queue.poll(Duration.ZERO)).isNull();
	}

	@Test
	void foreignInterruptStillEndsTheWaitWithInterruptedException() throws Exception {
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Thread thread = this.threads.start("interrupted-waiter", () -> {
			try {
				Exit.sleep(Duration.ofHours(1));
				outcome.complete("returned");
			}
			catch (InterruptedException ex) {
				outcome.complete("InterruptedException");
			}
			catch (ThreadExit ex) {
				outcome.complete("ThreadExit");
			}
		});
		awaitBlocked(thread);
		thread.interrupt();
		assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("InterruptedException");
	}

	@Test
	void waitInsideCriticalSectionIsNotWokenByExit() throws Exception {
		CountDownLatch latch = new CountDownLatch(1);
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Thread thread = this.threads.start("critical-waiter", () -> {
			try (CriticalSection section = Exit.critical()) {
				Exit.await(latch);
				outcome.complete("latch released, requested=" + Exit.requested());
			}
			catch (Throwable ex) {
				outcome.complete(ex.toString());
			}
		});
		awaitBlocked(thread);
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(outcome).isNotDone();
		latch.countDown();
		assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("latch released, requested=true");
	}

	@Test
	void timedWaitsReturnNormallyWhenTheyTimeOut() throws Exception {
		CompletableFuture<String> outcome = new CompletableFuture<>();
		this.threads.start("timed", () -> {
			try {
				ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());
				outcome.complete(queue.poll(Duration.ofMillis(1)) + "/"
						+ Exit.await(new CountDownLatch(1), Duration.ofMillis(1)));
			}
			catch (Throwable ex) {
				outcome.complete(ex.toString());
			}
		});
		assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("null/false");
	}

	@Test
	void badArgumentsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Exit.sleep(Duration.ofMillis(-1)))
			.withMessageContaining("'duration' must not be negative");
		assertThatNullPointerException().isThrownBy(() -> Exit.sleep(null)).withMessageContaining("'duration'");
		assertThatNullPointerException().isThrownBy(() -> Exit.await((CountDownLatch) null))
			.withMessageContaining("'latch'");
		assertThatNullPointerException().isThrownBy(() -> Exit.await((Condition) null))
			.withMessageContaining("'condition'");
		assertThatNullPointerException().isThrownBy(() -> Exit.acquire(null)).withMessageContaining("'semaphore'");
		assertThatNullPointerException().isThrownBy(() -> Exit.lock(null)).withMessageContaining("'lock'");
		assertThatNullPointerException().isThrownBy(() -> ExitAwareQueue.wrap(null)).withMessageContaining("'queue'");
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());
		assertThatIllegalArgumentException().isThrownBy(() -> queue.poll(Duration.ofSeconds(-1)))
			.withMessageContaining("'timeout' must not be negative");
		assertThatNullPointerException().isThrownBy(() -> queue.put(null)).withMessageContaining("'element'");
	}

	@FunctionalInterface
	interface BlockingBody {

		void run() throws Exception;

	}

}

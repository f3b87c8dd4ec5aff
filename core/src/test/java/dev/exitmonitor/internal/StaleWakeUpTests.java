package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.ThreadExit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for stale wake-ups: a stop signal that reaches a thread's wait while no stop is pending for the thread
 * (a task's stop arriving after the task ended, when the pooled thread already waits for its next task). The
 * wait must not end with {@link ThreadExit}: it waits on, and a real stop afterwards still ends it. These are the
 * interrupt-based waits; {@link ParkingWaitTests} pins the same for parking waits.
 */
class StaleWakeUpTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	@Test
	void interruptBasedWaitWokenWithoutAStopWaitsOnAndGetsTheElement() throws Exception {
		BlockingQueue<String> queue = new LinkedBlockingQueue<>();
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread owner = new Thread(() -> complete(result, () -> ExitAwareWaits.await(() -> {
			calls.incrementAndGet();
			return queue.take();
		})), "owner");
		ThreadState state = ThreadStates.bind(owner, ExitMonitor.create("stale"), InterruptMode.COOPERATIVE);
		owner.start();
		Awaitility.await("owner blocked in take()").atMost(PATIENCE)
			.until(() -> state.isWaiting() && owner.getState() == Thread.State.WAITING);

		state.signalStop();

		Awaitility.await("owner waiting again").atMost(PATIENCE)
			.until(() -> calls.get() == 2 && state.isWaiting() && owner.getState() == Thread.State.WAITING);
		assertThat(result).isNotDone();
		queue.add("element");
		assertThat(result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("element");
		owner.join(PATIENCE.toMillis());
	}

	@Test
	void interruptBasedWaitWokenWithoutAStopStillEndsOnARealStop() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("stale-then-real");
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread owner = new Thread(() -> complete(result, queue::take), "owner");
		ThreadState state = ThreadStates.bind(owner, monitor, InterruptMode.COOPERATIVE);
		owner.start();
		Awaitility.await("owner blocked in take()").atMost(PATIENCE)
			.until(() -> state.isWaiting() && owner.getState() == Thread.State.WAITING);
		state.signalStop();
		Awaitility.await("owner waiting again after the stale wake-up").atMost(PATIENCE)
			.until(() -> state.isWaiting() && owner.getState() == Thread.State.WAITING && !result.isDone());

		monitor.requestExit(ExitReason.requested("test"));

		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
			.withCauseInstanceOf(ThreadExit.class);
		owner.join(PATIENCE.toMillis());
		assertThat(queue).isEmpty();
	}

	@Test
	void conditionWaitWokenWithoutAStopReturnsAsASpuriousWakeUp() throws Exception {
		// Waiting again could miss a signal: the interrupted Condition wait gave up its place, and a signal
		// given meanwhile went to nobody. The caller's loop re-checks its state instead.
		ReentrantLock lock = new ReentrantLock();
		Condition condition = lock.newCondition();
		CompletableFuture<Boolean> result = new CompletableFuture<>();
		Thread owner = new Thread(() -> complete(result, () -> {
			lock.lock();
			try {
				Exit.await(condition);
				return lock.isHeldByCurrentThread();
			}
			finally {
				lock.unlock();
			}
		}), "owner");
		ThreadState state = ThreadStates.bind(owner, ExitMonitor.create("stale-condition"), InterruptMode.COOPERATIVE);
		owner.start();
		Awaitility.await("owner waiting on the condition").atMost(PATIENCE)
			.until(() -> state.isWaiting() && owner.getState() == Thread.State.WAITING);

		state.signalStop();

		assertThat(result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("returned holding the lock").isTrue();
		owner.join(PATIENCE.toMillis());
		assertThat(owner.isInterrupted()).isFalse();
	}

	private static <T> void complete(CompletableFuture<T> result, ExitAwareWaits.BlockingCall<T> call) {
		try {
			result.complete(call.call());
		}
		catch (Throwable ex) {
			result.completeExceptionally(ex);
		}
	}

}

package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitParticipant;
import dev.exitmonitor.ExitPhase;
import dev.exitmonitor.ExitReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LateExitLifecycle}.
 */
class LateExitLifecycleTests {

	private final ExitMonitor monitor = ExitMonitor.create("late-exit-lifecycle-tests");

	private final LateExitLifecycle lifecycle = new LateExitLifecycle(this.monitor, Duration.ofSeconds(5), 0);

	@Test
	void stopBeforeTheExitBeganCompletesTheExitAndRunsTheCallbackOnce() {
		this.lifecycle.start();
		AtomicInteger calls = new AtomicInteger();
		this.lifecycle.stop(calls::incrementAndGet);
		await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
		assertThat(this.monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
		assertThat(calls).hasValue(1);
	}

	@Test
	void everyStopRunsItsCallbackOnce() {
		AtomicInteger first = new AtomicInteger();
		AtomicInteger second = new AtomicInteger();
		this.lifecycle.start();
		this.lifecycle.stop(first::incrementAndGet);
		this.lifecycle.start();
		this.lifecycle.stop(second::incrementAndGet);
		await().atMost(Duration.ofSeconds(10)).until(() -> first.get() == 1 && second.get() == 1);
		assertThat(first).hasValue(1);
		assertThat(second).hasValue(1);
	}

	@Test
	void overlappingStopsEachRunTheirCallback() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		this.monitor.addParticipant(new ExitParticipant() {

			@Override
			public String name() {
				return "held";
			}

			@Override
			public void requestStop(ExitReason reason) {
			}

			@Override
			public boolean awaitStopped(Duration timeout) throws InterruptedException {
				return release.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}

		});
		AtomicInteger first = new AtomicInteger();
		AtomicInteger second = new AtomicInteger();
		this.lifecycle.start();
		// The first stop's join is held by the participant while the second stop comes in.
		this.lifecycle.stop(first::incrementAndGet);
		this.lifecycle.stop(second::incrementAndGet);
		release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> first.get() == 1 && second.get() == 1);
		assertThat(first).hasValue(1);
		assertThat(second).hasValue(1);
	}

	@Test
	void stopWithoutCallbackIsNotSupported() {
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(this.lifecycle::stop)
			.withMessage("Stop must not be invoked directly");
	}

}

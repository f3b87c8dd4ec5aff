package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SimpleTaskExecutorExitParticipant}, wired into a {@code SimpleAsyncTaskExecutor} as the
 * auto-configuration wires it (on platform threads here, so that the tests run on every JDK).
 */
class SimpleTaskExecutorExitParticipantTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final ExitMonitor monitor = ExitMonitor.create("simple-executor");

	private final SimpleTaskExecutorExitParticipant participant = new SimpleTaskExecutorExitParticipant(this.monitor,
			"app-");

	private final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("app-");

	private final CountDownLatch release = new CountDownLatch(1);

	SimpleTaskExecutorExitParticipantTests() {
		this.executor.setThreadFactory(this.participant.threadFactory(Executors.defaultThreadFactory()));
		this.executor.setTaskDecorator(this.participant);
	}

	@AfterEach
	void releaseTasks() {
		this.release.countDown();
	}

	@Test
	void joinsRunningTasksUntilTheyEnd() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		this.executor.execute(() -> {
			started.countDown();
			awaitRelease();
		});
		assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		assertThat(this.participant.awaitStopped(Duration.ofMillis(50))).isFalse();
		this.release.countDown();
		assertThat(this.participant.awaitStopped(PATIENCE)).isTrue();
	}

	@Test
	void aTaskTheExecutorRefusesAfterDecoratingItIsNotWaitedFor() throws Exception {
		this.executor.setConcurrencyLimit(1);
		this.executor.setRejectTasksWhenLimitReached(true);
		CountDownLatch started = new CountDownLatch(1);
		this.executor.execute(() -> {
			started.countDown();
			awaitRelease();
		});
		assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		// Decorated, then refused by the concurrency limit: it never runs.
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> this.executor.execute(() -> {
		}));

		this.release.countDown();
		assertThat(this.participant.awaitStopped(PATIENCE)).as("joined once the only task that ran ended").isTrue();
	}

	@Test
	void aTaskWhoseThreadWouldBeMadeAfterTheJoinIsRejectedInsteadOfRunningUnwaited() throws Exception {
		CountDownLatch inFactory = new CountDownLatch(1);
		CountDownLatch joined = new CountDownLatch(1);
		// The submitter passed decorate() before the exit and is held where the executor makes its thread, as a
		// task waiting at a concurrency limit would be, until the late phase has joined.
		this.executor.setThreadFactory(this.participant.threadFactory((runnable) -> {
			inFactory.countDown();
			awaitQuietly(joined);
			return new Thread(runnable);
		}));
		AtomicBoolean ran = new AtomicBoolean();
		CompletableFuture<Throwable> submission = new CompletableFuture<>();
		Thread submitter = new Thread(() -> {
			try {
				this.executor.execute(() -> ran.set(true));
				submission.complete(null);
			}
			catch (RuntimeException ex) {
				submission.complete(ex);
			}
		});
		submitter.start();
		assertThat(inFactory.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(this.participant.awaitStopped(PATIENCE)).isTrue();
		joined.countDown();

		assertThat(submission.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
			.isInstanceOf(RejectedExecutionException.class)
			.hasMessageContaining("its running tasks were already joined");
		submitter.join(PATIENCE.toMillis());
		assertThat(ran).as("the task ran after the late phase joined the executor").isFalse();
	}

	@Test
	void rejectsTasksOnceTheExitBegan() {
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> this.executor.execute(() -> {
		})).withMessageContaining("rejected a task: the application is exiting");
	}

	private void awaitRelease() {
		awaitQuietly(this.release);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

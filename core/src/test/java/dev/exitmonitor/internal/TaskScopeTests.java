package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.ThreadExit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TaskScope} nesting: a task run inside another on the same thread (as a submitter runs a
 * task the pool refused) is stopped by a stop of the outer task.
 */
class TaskScopeTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	@Test
	void stopOfTheOuterTaskEndsTheInnerTasksInterruptBasedWait() throws Exception {
		assertOuterStopEndsInnerWait(ExitAwareQueue.wrap(new LinkedBlockingQueue<>()));
	}

	@Test
	void stopOfTheOuterTaskEndsTheInnerTasksParkingWait() throws Exception {
		assertOuterStopEndsInnerWait(ExitAwareQueue.linked());
	}

	@Test
	void innerTaskSeesTheOuterTasksStopAndNotTheOtherWayRound() throws Exception {
		TaskScope outer = new TaskScope();
		TaskScope inner = new TaskScope();
		CompletableFuture<Boolean> outerSeesInnerStop = new CompletableFuture<>();
		CompletableFuture<Boolean> innerSeesOuterStop = new CompletableFuture<>();
		Thread thread = new Thread(() -> outer.runOn(() -> {
			inner.runOn(() -> inner.requestStop(false));
			outerSeesInnerStop.complete(Exit.requested());
			TaskScope second = new TaskScope();
			outer.requestStop(false);
			second.runOn(() -> innerSeesOuterStop.complete(Exit.requested()));
		}), "tasks");
		ThreadStates.bind(thread, ExitMonitor.create("scopes"), InterruptMode.COOPERATIVE);
		thread.start();
		assertThat(outerSeesInnerStop.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
		assertThat(innerSeesOuterStop.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		thread.join(PATIENCE.toMillis());
	}

	private static void assertOuterStopEndsInnerWait(ExitAwareQueue<String> queue) throws Exception {
		TaskScope outer = new TaskScope();
		TaskScope inner = new TaskScope();
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> outer.runOn(() -> inner.runOn(() -> {
			try {
				result.complete(queue.take());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		})), "tasks");
		ThreadStates.bind(thread, ExitMonitor.create("nested-scopes"), InterruptMode.COOPERATIVE);
		thread.start();
		Awaitility.await("inner task waiting").atMost(PATIENCE)
			.until(() -> thread.getState() == Thread.State.WAITING);

		outer.requestStop(false);

		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
			.withCauseInstanceOf(ThreadExit.class);
		thread.join(PATIENCE.toMillis());
		assertThat(queue).isEmpty();
	}

}

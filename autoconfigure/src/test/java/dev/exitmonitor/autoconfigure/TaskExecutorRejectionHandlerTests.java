package dev.exitmonitor.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskExecutorExitParticipant#rejectionHandler(ExitMonitor, String)}.
 */
class TaskExecutorRejectionHandlerTests {

	@Test
	void tasksQueuedWhileTheExitShutThePoolDownDuringItsFirstThreadsCreationStillRun() throws Exception {
		// A ThreadPoolExecutor counts its first thread before creating it; a task submitted meanwhile is only
		// queued. Shut down in that window, the pool refuses the thread and rejects the first task, and the
		// queued one would be left with no thread: the pool would never terminate.
		ExitMonitor monitor = ExitMonitor.create("rejection-handler");
		CountDownLatch inFactory = new CountDownLatch(1);
		CountDownLatch releaseFactory = new CountDownLatch(1);
		AtomicBoolean first = new AtomicBoolean(true);
		ThreadFactory factory = (runnable) -> {
			if (first.compareAndSet(true, false)) {
				inFactory.countDown();
				try {
					releaseFactory.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return new Thread(runnable);
		};
		ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				factory, TaskExecutorExitParticipant.rejectionHandler(monitor, "applicationTaskExecutor"));
		CompletableFuture<Throwable> firstSubmission = CompletableFuture.supplyAsync(() -> {
			try {
				pool.execute(() -> {
				});
				return null;
			}
			catch (RuntimeException ex) {
				return ex;
			}
		});
		assertThat(inFactory.await(10, TimeUnit.SECONDS)).isTrue();
		CountDownLatch queuedRan = new CountDownLatch(1);
		pool.execute(queuedRan::countDown);
		assertThat(pool.getQueue()).hasSize(1);
		monitor.requestExit(ExitReason.requested("test"));
		pool.shutdown();
		releaseFactory.countDown();

		assertThat(firstSubmission.get(10, TimeUnit.SECONDS)).isInstanceOf(RejectedExecutionException.class)
			.hasMessageContaining("the application is exiting");
		assertThat(queuedRan.await(10, TimeUnit.SECONDS)).as("the queued task ran").isTrue();
		Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(pool::isTerminated);
	}

}

package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.exitmonitor.CriticalSection;
import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ManagedWorker}'s stop as seen by its threads' {@link ThreadState}s: a worker stopped on its own
 * asks each of its threads to stop; a worker stopped by its monitor's exit leaves that to the exit's pass, which
 * has already signalled them, so that thousands of threads are not signalled twice.
 */
class ManagedWorkerTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void stopByTheExitLeavesTheSignalToTheExitsPass() throws Exception {
		HeldWorker held = HeldWorker.start("managed-worker-exit");
		held.monitor.requestExit(ExitReason.requested("test"));
		assertThat(held.state.isStopRequested()).isTrue();
		assertThat(held.state.isStopRequestedForThisThread()).isFalse();
		held.release();
		assertThat(held.group.awaitStopped(WAIT)).isTrue();
	}

	@Test
	void stopOfTheWorkerAloneAsksEachOfItsThreads() throws Exception {
		HeldWorker held = HeldWorker.start("managed-worker-stop");
		held.handle.stop();
		assertThat(held.state.isStopRequestedForThisThread()).isTrue();
		held.release();
		assertThat(held.handle.awaitStopped(WAIT)).isTrue();
		held.monitor.requestExit(ExitReason.requested("test cleanup"));
		assertThat(held.group.awaitStopped(WAIT)).isTrue();
	}

	/**
	 * A group of one long-running worker, on its own monitor, whose thread waits in a critical section until
	 * released, so that its state can be looked at after a stop and before the thread acts on it.
	 */
	private static final class HeldWorker {

		private final CountDownLatch release = new CountDownLatch(1);

		private final ExitMonitor monitor;

		private final WorkerGroup group;

		private final WorkerHandle handle;

		private final ThreadState state;

		private HeldWorker(String name) throws Exception {
			CompletableFuture<ThreadState> held = new CompletableFuture<>();
			this.monitor = ExitMonitor.create(name);
			this.group = WorkerGroup.create(name, this.monitor);
			this.handle = this.group.add(WorkerDefinition.longRunning("held", (context) -> {
				try (CriticalSection section = Exit.critical()) {
					held.complete(ThreadStates.current());
					this.release.await();
				}
				Exit.check();
			}).build());
			this.group.start();
			this.state = held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}

		static HeldWorker start(String name) throws Exception {
			return new HeldWorker(name);
		}

		void release() {
			this.release.countDown();
		}

	}

}

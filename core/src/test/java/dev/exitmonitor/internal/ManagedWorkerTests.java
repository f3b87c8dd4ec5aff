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
		ExitMonitor monitor = ExitMonitor.create("managed-worker-exit");
		WorkerGroup group = WorkerGroup.create("exit", monitor);
		HeldWorker held = HeldWorker.addTo(group);
		group.start();
		ThreadState state = held.awaitHeld();
		monitor.requestExit(ExitReason.requested("test"));
		assertThat(state.isStopRequested()).isTrue();
		assertThat(state.isStopRequestedForThisThread()).isFalse();
		held.release();
		assertThat(group.awaitStopped(WAIT)).isTrue();
	}

	@Test
	void stopOfTheWorkerAloneAsksEachOfItsThreads() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("managed-worker-stop");
		WorkerGroup group = WorkerGroup.create("single", monitor);
		HeldWorker held = HeldWorker.addTo(group);
		group.start();
		ThreadState state = held.awaitHeld();
		held.handle.stop();
		assertThat(state.isStopRequestedForThisThread()).isTrue();
		held.release();
		assertThat(held.handle.awaitStopped(WAIT)).isTrue();
		monitor.requestExit(ExitReason.requested("test cleanup"));
		assertThat(group.awaitStopped(WAIT)).isTrue();
	}

	/**
	 * A long-running worker whose thread waits in a critical section until released, so that its state can be
	 * looked at after a stop and before the thread acts on it.
	 */
	private static final class HeldWorker {

		private final CountDownLatch release = new CountDownLatch(1);

		private final CompletableFuture<ThreadState> held = new CompletableFuture<>();

		private WorkerHandle handle;

		static HeldWorker addTo(WorkerGroup group) {
			HeldWorker worker = new HeldWorker();
			worker.handle = group.add(WorkerDefinition.longRunning("held", (context) -> {
				try (CriticalSection section = Exit.critical()) {
					worker.held.complete(ThreadStates.current());
					worker.release.await();
				}
				Exit.check();
			}).build());
			return worker;
		}

		ThreadState awaitHeld() throws Exception {
			return this.held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}

		void release() {
			this.release.countDown();
		}

	}

}

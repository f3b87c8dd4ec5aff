package dev.exitmonitor.benchmarks.latency;


import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;

/**
 * Ours, the worker runtime (what the Spring Boot auto-configuration runs): one long-running worker with a
 * concurrency of N in a {@link WorkerGroup}, every thread blocked in {@link ExitAwareQueue#take()} of its own
 * {@link ExitAwareQueue#linked()} queue, stopped by
 * {@link ExitMonitor#requestExit(ExitReason)}. The clock stops when {@link WorkerGroup#awaitStopped} returns,
 * that is when the runtime has seen every thread end.
 *
 * @since 0.1.0
 */
final class WorkerGroupContender implements Contender {

	@Override
	public String name() {
		return "ours: `ExitMonitor.requestExit`, `WorkerGroup` worker in `ExitAwareQueue.linked().take()`";
	}

	@Override
	public Role role() {
		return Role.OURS;
	}

	@Override
	public Trial start(int count, ThreadKind kind) throws InterruptedException {
		ExitMonitor monitor = ExitMonitor.create("latency-harness");
		BlockedWorkers workers = new BlockedWorkers(count, kind.newFactory());
		WorkerGroup group = WorkerGroup.create("latency", monitor, workers.threadFactory());
		group.add(WorkerDefinition.longRunning("blocked", (context) -> {
			ExitAwareQueue<Object> queue = ExitAwareQueue.linked();
			workers.aboutToBlock();
			try {
				queue.take();
			}
			finally {
				workers.stopped();
			}
		}).concurrency(count).failurePolicy(FailurePolicy.STOP_WORKER).build());
		group.start();
		workers.awaitBlocked(PATIENCE);
		return new Trial() {

			@Override
			public Outcome stop() throws InterruptedException {
				long start = System.nanoTime();
				monitor.requestExit(ExitReason.requested("shutdown-latency harness"));
				long stopper = System.nanoTime() - start;
				if (!group.awaitStopped(PATIENCE)) {
					throw new IllegalStateException(workers.running() + " workers did not stop in " + PATIENCE);
				}
				return Outcome.stopped(System.nanoTime() - start, stopper);
			}

			@Override
			public void close() throws InterruptedException {
				workers.joinAll(PATIENCE);
			}

		};
	}

}

package dev.exitmonitor.child;

import java.time.Duration;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitAwareExecutor;
import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.ShutdownReport;
import dev.exitmonitor.ThreadReport;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;

/**
 * Child JVM: an application with the usual kinds of work blocked (a worker group's worker in an exit-aware
 * queue, an executor task in {@code Exit.sleep}, an early and a late callback), which prints {@code EXIT BEGINS},
 * runs both exit phases, then prints {@code EXIT DONE} and whether every worker stopped. Run with
 * {@code -Xlog:class+load} to see which classes the exit itself loads.
 */
public final class ExitPathMain {

	private ExitPathMain() {
	}

	public static void main(String[] args) throws Exception {
		ExitMonitor monitor = ExitMonitor.create("child");
		monitor.registerEarly((reason) -> System.out.println("EARLY " + reason.kind()));
		monitor.registerLate((reason) -> System.out.println("LATE " + reason.kind()));
		WorkerGroup group = WorkerGroup.create("child", monitor);
		ExitAwareQueue<String> queue = ExitAwareQueue.linked();
		group.add(WorkerDefinition.loop("consumer", (context) -> System.out.println(queue.take())).build());
		group.start();
		ExitAwareExecutor executor = ExitAwareExecutor.builder(monitor, "tasks").threads(1).build();
		executor.execute(() -> {
			try {
				Exit.sleep(Duration.ofHours(1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (monitor.threads().stream().filter(ThreadReport::waiting).count() < 2) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Workers did not block: " + monitor.threads());
			}
			Thread.onSpinWait();
		}
		System.out.println("EXIT BEGINS");
		monitor.requestExit(ExitReason.requested("child exit path"));
		ShutdownReport report = monitor.completeExit(Duration.ofSeconds(30));
		System.out.println("EXIT DONE allStopped=" + report.allStopped());
	}

}

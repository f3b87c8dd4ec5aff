package dev.exitmonitor.child;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitPhases;
import dev.exitmonitor.StragglerPolicy;
import dev.exitmonitor.StragglerSettings;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;

/**
 * Child JVM: sets the global monitor's straggler policy to the one named by the first argument (abort
 * exit code 3), installs the shutdown hook with a 1 s timeout, starts a worker "stubborn" that spins
 * without ever checking for a stop, prints READY and blocks until the JVM is terminated.
 */
public final class StragglerPolicyMain {

	/** Never set: the stubborn worker spins until the JVM ends. */
	private static volatile boolean stop;

	private StragglerPolicyMain() {
	}

	public static void main(String[] args) throws Exception {
		ExitMonitor monitor = ExitMonitor.global();
		monitor.setStragglerSettings(StragglerSettings.defaults()
			.withPolicy(StragglerPolicy.valueOf(args[0]))
			.withAbortExitCode(3));
		ExitPhases.installShutdownHook(Duration.ofSeconds(1));
		ExitPhases.registerLate((reason) -> System.out.println("LATE " + reason.kind()));
		CountDownLatch spinning = new CountDownLatch(1);
		WorkerGroup group = WorkerGroup.create("child", monitor);
		group.add(WorkerDefinition.longRunning("stubborn", (context) -> {
			spinning.countDown();
			spinIgnoringStopRequests();
		}).build());
		group.start();
		spinning.await();
		System.out.println("READY");
		// Keep the JVM alive like a server would, until the signal.
		Thread.currentThread().join();
	}

	private static void spinIgnoringStopRequests() {
		while (!stop) {
			Thread.onSpinWait();
		}
	}

}

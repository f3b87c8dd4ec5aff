package dev.exitmonitor.child;

import java.time.Duration;
import java.util.concurrent.Executors;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitPhases;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.ThreadExit;

/**
 * Child JVM: installs the shutdown hook, starts a worker blocked in an exit-aware queue, prints READY
 * and blocks until the JVM is terminated.
 */
public final class ShutdownHookMain {

	private ShutdownHookMain() {
	}

	public static void main(String[] args) throws Exception {
		ExitPhases.installShutdownHook(Duration.ofSeconds(5));
		ExitPhases.registerEarly((reason) -> {
			System.out.println("EARLY " + reason.kind());
			ExitPhases.registerLate((late) -> System.out.println("LATE registered by early"));
		});
		ExitPhases.registerLate((reason) -> System.out.println("LATE " + reason.kind()));
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new java.util.concurrent.LinkedBlockingQueue<>());
		Thread worker = ExitMonitor.global()
			.threadFactory(Executors.defaultThreadFactory(), InterruptMode.COOPERATIVE)
			.newThread(() -> {
				try {
					queue.take();
				}
				catch (ThreadExit ex) {
					System.out.println("WORKER stopped by ThreadExit, interrupted=" + Thread.currentThread().isInterrupted());
				}
				catch (InterruptedException ex) {
					System.out.println("WORKER interrupted");
				}
			});
		worker.start();
		while (!Exit.monitor().threads().stream().anyMatch((report) -> report.waiting())) {
			Thread.onSpinWait();
		}
		System.out.println("READY");
		worker.join();
		// Keep the JVM alive like a server would, until the signal.
		Thread.currentThread().join();
	}

}

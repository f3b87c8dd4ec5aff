package dev.exitmonitor.child;

import java.time.Duration;
import java.util.concurrent.Executors;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitPhases;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.ThreadExit;

/**
 * Child JVM: opts in to "exit when main returns", starts a non-daemon monitored worker that would
 * otherwise run forever, and returns from main.
 */
public final class MainReturnsMain {

	private MainReturnsMain() {
	}

	public static void main(String[] args) {
		ExitPhases.exitWhenMainReturns(Duration.ofSeconds(5));
		ExitPhases.registerLate((reason) -> System.out.println("LATE " + reason.kind()));
		Thread worker = ExitMonitor.global()
			.threadFactory(Executors.defaultThreadFactory(), InterruptMode.COOPERATIVE)
			.newThread(() -> {
				try {
					while (true) {
						Exit.sleep(Duration.ofMillis(50));
					}
				}
				catch (ThreadExit ex) {
					System.out.println("WORKER stopped by ThreadExit");
				}
				catch (InterruptedException ex) {
					System.out.println("WORKER interrupted");
				}
			});
		worker.start();
		System.out.println("MAIN returns");
	}

}

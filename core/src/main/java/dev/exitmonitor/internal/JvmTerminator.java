package dev.exitmonitor.internal;

import java.util.concurrent.TimeUnit;

/**
 * Ends the JVM with an exit code without ever hanging, see {@code ProcessTerminator.jvm()}.
 *
 * @since 0.1.0
 */
public final class JvmTerminator {

	private static final long HALT_AFTER_SECONDS = 10;

	private JvmTerminator() {
	}

	/**
	 * End the JVM.
	 * @param exitCode the exit code
	 */
	public static void terminate(int exitCode) {
		System.out.flush();
		System.err.flush();
		if (isShuttingDown()) {
			Runtime.getRuntime().halt(exitCode);
		}
		Thread watchdog = new Thread(() -> {
			try {
				TimeUnit.SECONDS.sleep(HALT_AFTER_SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			// The normal exit hung (a shutdown hook that never returns): halt.
			Runtime.getRuntime().halt(exitCode);
		}, "exit-monitor-halt-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		new Thread(() -> System.exit(exitCode), "exit-monitor-abort").start();
	}

	private static boolean isShuttingDown() {
		Thread probe = new Thread(() -> {
		});
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

}

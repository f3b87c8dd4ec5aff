package dev.exitmonitor.autoconfigure;

import dev.exitmonitor.ExitReason;

/**
 * Ends the application when its exit monitor began to exit without the context closing: after a
 * {@code STOP_APPLICATION} worker failure, or when every worker finished under keep-alive. The default
 * closes the context with {@code SpringApplication.exit} (exit code from the context's
 * {@code ExitCodeGenerator}s, which include the exit reason's code) and then calls
 * {@code System.exit} with it. Declare a bean of this type to do otherwise.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExitMonitorApplicationTerminator {

	/**
	 * End the application.
	 * @param reason why the exit began
	 */
	void terminate(ExitReason reason);

}

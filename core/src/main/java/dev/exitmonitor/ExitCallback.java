package dev.exitmonitor;

/**
 * Callback run in an exit phase ({@link ExitMonitor#registerEarly(ExitCallback) early} or
 * {@link ExitMonitor#registerLate(ExitCallback) late}).
 * <p>
 * A callback that throws is logged and does not stop the others.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExitCallback {

	/**
	 * Run the callback.
	 * @param reason why the application is exiting
	 * @throws Exception on failure; logged, the remaining callbacks still run
	 */
	void run(ExitReason reason) throws Exception;

}

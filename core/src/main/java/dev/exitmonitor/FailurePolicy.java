package dev.exitmonitor;

/**
 * What a worker does after its body throws an exception that is not {@link ThreadExit}.
 *
 * @since 0.1.0
 */
public enum FailurePolicy {

	/** Run the body again after an exponential {@link Backoff} with jitter. The default. */
	RESTART,

	/** Stop this worker ({@link WorkerState#FAILED}); the application keeps running. */
	STOP_WORKER,

	/** Stop this worker and begin the application's exit with a failure reason and a non-zero exit code. */
	STOP_APPLICATION

}

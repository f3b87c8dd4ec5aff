package dev.exitmonitor;

import java.util.concurrent.CompletionStage;

/**
 * The body of an asynchronous background worker: starts work and returns a stage that completes when
 * the work is done. At exit it is told to stop through {@link WorkerContext#stopSignal()}; if the stage
 * is still incomplete at the shutdown deadline it is cancelled.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AsyncWorker {

	/**
	 * Start the work.
	 * @param context the worker's context
	 * @return a stage completed when the work is done
	 * @throws Exception if the work cannot start
	 */
	CompletionStage<?> start(WorkerContext context) throws Exception;

}

package dev.exitmonitor;

import java.util.concurrent.CompletableFuture;

/**
 * What a running worker knows about itself. One instance per worker thread (or per start of an
 * asynchronous worker); thread-safe.
 *
 * @since 0.1.0
 */
public interface WorkerContext {

	/**
	 * Return the worker's name.
	 * @return the name
	 */
	String workerName();

	/**
	 * Return the index of this thread among the worker's threads, from 1 to its concurrency.
	 * @return the thread index
	 */
	int threadIndex();

	/**
	 * Return how many iterations this worker has completed, over all its threads.
	 * @return the iteration count
	 */
	long iterations();

	/**
	 * Whether the worker was asked to stop (it was stopped on its own, or its monitor is exiting).
	 * @return {@code true} once asked to stop
	 */
	boolean isStopRequested();

	/**
	 * Return a future completed when the worker is asked to stop; for asynchronous workers.
	 * @return the stop signal (a copy per call)
	 */
	CompletableFuture<Void> stopSignal();

	/**
	 * Return the monitor the worker obeys.
	 * @return the monitor
	 */
	ExitMonitor monitor();

}

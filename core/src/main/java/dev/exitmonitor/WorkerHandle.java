package dev.exitmonitor;

import java.time.Duration;

/**
 * Control of one worker of a {@link WorkerGroup}: start, stop, pause, resume and observe it without
 * exiting the application. Thread-safe.
 *
 * @since 0.1.0
 */
public interface WorkerHandle {

	/**
	 * Return the worker's name.
	 * @return the name
	 */
	String name();

	/**
	 * Return the worker's state.
	 * @return the state
	 */
	WorkerState state();

	/**
	 * Start the worker, or start it again after it stopped or failed.
	 * @throws IllegalStateException if it is running or stopping, or its group or monitor is stopping
	 */
	void start();

	/**
	 * Ask the worker to stop (soft: its threads see {@link Exit#requested()} and wake from exit-aware
	 * waits). Does not wait; see {@link #awaitStopped(Duration)}. Does nothing if it is idle.
	 */
	void stop();

	/**
	 * Pause a loop worker between iterations.
	 * @throws IllegalStateException if the worker is not a loop worker
	 */
	void pause();

	/**
	 * Resume a paused loop worker.
	 * @throws IllegalStateException if the worker is not a loop worker
	 */
	void resume();

	/**
	 * Hard-interrupt the worker's threads (outside critical sections) and close the resources they
	 * registered with {@link Exit#closeOnInterrupt(java.io.Closeable)}; implies {@link #stop()}.
	 */
	void interrupt();

	/**
	 * Wait until the worker's threads have ended.
	 * @param timeout how long to wait; must not be negative
	 * @return {@code true} if it is idle
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	boolean awaitStopped(Duration timeout) throws InterruptedException;

	/**
	 * Return a snapshot of the worker.
	 * @return the snapshot
	 */
	WorkerSnapshot snapshot();

}

package dev.exitmonitor.actuate.endpoint;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.WorkerHandle;

/**
 * What the write operation of the {@link ExitMonitorEndpoint} does to one worker, named in lower case
 * in the request body: {@code {"action": "restart"}}.
 *
 * @since 0.1.0
 */
public enum WorkerAction {

	/** Ask the worker to stop; does not wait. */
	STOP,

	/** Start a worker that is {@code NEW}, {@code STOPPED} or {@code FAILED}. */
	START,

	/** Stop the worker, wait until its threads ended (at most the shutdown timeout), then start it. */
	RESTART,

	/** Pause a loop worker between iterations. */
	PAUSE,

	/** Resume a paused loop worker. */
	RESUME,

	/** Stop the worker and hard-interrupt its threads outside critical sections. */
	INTERRUPT;

	/**
	 * Return the name used in requests.
	 * @return the lower-case name
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the names of every action, in declaration order.
	 * @return the lower-case names
	 */
	public static List<String> ids() {
		return Arrays.stream(values()).map(WorkerAction::id).toList();
	}

	/**
	 * Return the action with the given name, ignoring case.
	 * @param id the name
	 * @return the action, or {@code null} if there is none of that name
	 */
	public static @Nullable WorkerAction of(@Nullable String id) {
		if (id == null) {
			return null;
		}
		for (WorkerAction action : values()) {
			if (action.id().equalsIgnoreCase(id.trim())) {
				return action;
			}
		}
		return null;
	}

	/**
	 * Apply the action to a worker.
	 * @param worker the worker
	 * @param stopTimeout how long {@link #RESTART} waits for the worker to stop
	 * @throws IllegalStateException if the worker cannot do it in its state (starting a running worker,
	 * pausing a worker that is not a loop) or did not stop in time to be restarted
	 */
	void applyTo(WorkerHandle worker, Duration stopTimeout) {
		switch (this) {
			case STOP -> worker.stop();
			case START -> worker.start();
			case RESTART -> restart(worker, stopTimeout);
			case PAUSE -> worker.pause();
			case RESUME -> worker.resume();
			case INTERRUPT -> worker.interrupt();
		}
	}

	private static void restart(WorkerHandle worker, Duration stopTimeout) {
		worker.stop();
		try {
			if (!worker.awaitStopped(stopTimeout)) {
				throw new IllegalStateException("Worker '" + worker.name() + "' did not stop within "
						+ stopTimeout.toMillis() + "ms (state " + worker.state() + "), so it was not started again");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for worker '" + worker.name() + "' to stop", ex);
		}
		worker.start();
	}

}

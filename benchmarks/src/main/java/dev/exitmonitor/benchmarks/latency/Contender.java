package dev.exitmonitor.benchmarks.latency;

import java.time.Duration;

/**
 * One way of stopping workers that are blocked waiting for work, measured by the shutdown-latency harness.
 *
 * @since 0.1.0
 */
interface Contender {

	/** How long workers may take to block, or to stop, before a run is declared broken. */
	Duration PATIENCE = Duration.ofMinutes(2);

	/**
	 * Return the name shown in the results table.
	 * @return the name
	 */
	String name();

	/**
	 * Return the contender's role in the comparison.
	 * @return the role
	 */
	Role role();

	/**
	 * Start the given number of workers on threads of the given kind and return once every one is blocked.
	 * @param workers how many workers
	 * @param kind the kind of thread
	 * @return the running trial
	 * @throws Exception if the workers cannot be started
	 */
	Trial start(int workers, ThreadKind kind) throws Exception;

	/**
	 * Where a contender stands in the comparison.
	 */
	enum Role {

		/** The physical limit: unparking the threads and nothing else. */
		LIMIT,

		/** Exit Monitor. */
		OURS,

		/** Another library. */
		PEER

	}

	/**
	 * Workers started by a contender, all blocked.
	 */
	interface Trial {

		/**
		 * Begin the exit and return when every worker stopped (or the contender gave up waiting), timing only
		 * that.
		 * @return what was measured
		 * @throws Exception if stopping fails
		 */
		Outcome stop() throws Exception;

		/**
		 * Untimed: make sure every thread of the trial has ended.
		 * @throws Exception if a thread cannot be ended
		 */
		void close() throws Exception;

	}

	/**
	 * What one stop measured.
	 *
	 * @param nanos time from "exit begins" to "every worker stopped", or to when the contender gave up
	 * @param stopperNanos time until the call that begins the exit returned (the stopping thread's own work)
	 * @param capped whether the contender gave up with workers still running
	 * @param workersStillRunning how many workers had not stopped when the stop returned
	 * @param threadsStillAlive how many of the contender's threads were alive when the stop returned
	 */
	record Outcome(long nanos, long stopperNanos, boolean capped, long workersStillRunning, int threadsStillAlive) {

		static Outcome stopped(long nanos, long stopperNanos) {
			return new Outcome(nanos, stopperNanos, false, 0, 0);
		}

	}

}

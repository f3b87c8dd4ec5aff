package dev.exitmonitor;

import java.time.Duration;
import java.util.List;

/**
 * Something an {@link ExitMonitor} stops in its early phase and joins in its late phase: a worker
 * group or an exit-aware executor.
 * <p>
 * Late phase protocol: {@link #requestStop(ExitReason)} (early phase) → {@link #awaitStopped(Duration)}
 * until the shutdown deadline → if not stopped, {@link #deadlinePassed()}, the threads of
 * {@link #runningThreads()} are reported as stragglers, and, under the
 * {@link StragglerPolicy#ESCALATE} policy, {@link #escalate()} followed by another
 * {@link #awaitStopped(Duration)} for the escalation grace.
 * <p>
 * Implementations must be thread-safe: these methods are called from the thread running the exit
 * phases while the participant's own threads run.
 *
 * @since 0.1.0
 */
public interface ExitParticipant {

	/**
	 * Return the participant's name, used in logs.
	 * @return the name
	 */
	String name();

	/**
	 * Ask every thread of the participant to stop. Must not block.
	 * @param reason why the application is exiting
	 */
	void requestStop(ExitReason reason);

	/**
	 * Wait until every thread of the participant has stopped, or the timeout elapses.
	 * @param timeout how long to wait at most; zero means do not wait
	 * @return {@code true} if everything stopped
	 * @throws InterruptedException if the calling thread is interrupted while waiting
	 */
	boolean awaitStopped(Duration timeout) throws InterruptedException;

	/**
	 * Called once when the shutdown deadline passed and the participant had not stopped; for example
	 * mark the remaining workers as straggling and cancel asynchronous work. Must not block.
	 */
	default void deadlinePassed() {
	}

	/**
	 * Escalate: hard-interrupt the threads still running (outside critical sections) and close the
	 * resources they registered with {@link Exit#closeOnInterrupt(java.io.Closeable)}. Must not block.
	 */
	default void escalate() {
		for (RunningThread running : runningThreads()) {
			Interruption.escalate(running.thread());
		}
	}

	/**
	 * Return the threads of the participant that are still running, for straggler reports.
	 * @return the running threads, each with the name of the worker (or task) it runs
	 */
	default List<RunningThread> runningThreads() {
		return List.of();
	}

	/**
	 * A thread of a participant, with the name of what it runs.
	 *
	 * @param workerName the worker or executor name
	 * @param thread the thread
	 */
	record RunningThread(String workerName, Thread thread) {
	}

}

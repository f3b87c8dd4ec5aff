package dev.exitmonitor;

import java.time.Duration;

/**
 * Something an {@link ExitMonitor} stops in its early phase and joins in its late phase: a worker
 * group or an exit-aware executor.
 * <p>
 * Implementations must be thread-safe: {@link #requestStop(ExitReason)} and
 * {@link #awaitStopped(Duration)} are called from the thread running the exit phases while the
 * participant's own threads run.
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
	 * @param timeout how long to wait at most; zero or negative means do not wait
	 * @return {@code true} if everything stopped
	 * @throws InterruptedException if the calling thread is interrupted while waiting
	 */
	boolean awaitStopped(Duration timeout) throws InterruptedException;

}

package dev.exitmonitor;

/**
 * Lifecycle state of an {@link ExitAwareExecutor}.
 * <pre>
 * RUNNING ──shutdown(), shutdownNow()──▶ SHUT_DOWN ──requestStop(reason)──▶ EXITING
 * RUNNING ──requestStop(reason), exit of the monitor────────────────────▶ EXITING
 * SHUT_DOWN, EXITING ──the delegate terminated──▶ TERMINATED
 * </pre>
 * Only {@code RUNNING} accepts tasks, and only until the monitor begins to exit.
 *
 * @since 0.1.0
 */
public enum ExecutorState {

	/** Accepting and running tasks. */
	RUNNING,

	/** {@code shutdown()} or {@code shutdownNow()} was called: rejects tasks, finishes the others. */
	SHUT_DOWN,

	/** The application is exiting: rejects tasks; the pending task policy was applied. */
	EXITING,

	/** The delegate has terminated: every accepted task has ended. Terminal. */
	TERMINATED

}

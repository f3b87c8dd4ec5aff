package dev.exitmonitor;

/**
 * What the late exit phase does with workers still running when the shutdown deadline passes.
 * <p>
 * Every straggler is reported in every policy (SLF4J: WARN, or ERROR for {@link #ABORT}) with its
 * worker name, thread name, thread state, how long past the deadline, whether it is inside a critical
 * section, and its current stack trace. Late callbacks run after the join in every policy.
 * <p>
 * There is no "terminate" policy: {@code Thread.stop} is unsupported since JDK 20 (it throws
 * {@code UnsupportedOperationException}) and was never safe: it released every monitor the thread held
 * at an arbitrary instruction, exposing half-updated objects to other threads. Escalation by interrupt
 * and closing the blocking resource is the safe way to unwind a thread.
 *
 * @since 0.1.0
 */
public enum StragglerPolicy {

	/**
	 * Hard-interrupt the stragglers (a thread inside a critical section gets its interrupt when the
	 * section closes), close the resources they registered with {@link Exit#closeOnInterrupt}, wait the
	 * escalation grace, then apply the final policy ({@link #EXIT} by default) to those still running.
	 * The default.
	 */
	ESCALATE,

	/**
	 * Report and carry on: the exit code stays what it was, and stragglers die with the JVM.
	 */
	EXIT,

	/**
	 * Report, run late callbacks, then end the process at once with the configured non-zero exit code
	 * ({@code Runtime.halt} when the JVM is already shutting down, so a normal exit cannot hang).
	 */
	ABORT,

	/**
	 * Hang until the stragglers finish, reporting each one's stack periodically. Safe but may never end.
	 */
	WAIT

}

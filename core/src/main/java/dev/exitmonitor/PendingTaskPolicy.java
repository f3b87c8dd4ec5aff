package dev.exitmonitor;

/**
 * What an {@link ExitAwareExecutor} does with the tasks that were queued but had not started when the
 * application began to exit.
 * <p>
 * Whatever the policy, nothing is dropped silently: every task submitted to the executor ends exactly
 * one way — it ran, it was handed back, it was cancelled through its {@link java.util.concurrent.Future},
 * or its submission was rejected with an exception to the submitter.
 *
 * @since 0.1.0
 */
public enum PendingTaskPolicy {

	/**
	 * Run every queued task before the executor terminates, like Python's {@code ThreadPoolExecutor}
	 * at interpreter exit. The default. The tasks run after the exit began, so {@link Exit#requested()}
	 * is {@code true} in them: a task that must finish its work should not give up on
	 * {@link Exit#check()} before it, or should do the work inside {@link Exit#critical()}.
	 */
	DRAIN,

	/**
	 * Give every queued task, exactly once, to the executor's {@link PendingTaskHandler} (for example to
	 * persist it and run it after a restart) instead of running it. The task's
	 * {@link java.util.concurrent.Future} completes as cancelled, and the executor never runs it.
	 */
	HAND_BACK

}

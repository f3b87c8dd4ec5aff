package dev.exitmonitor.internal;

/**
 * Captures another thread's current stack as a {@link Throwable}, so that SLF4J prints it with the
 * log line that reports a straggler.
 *
 * @since 0.1.0
 */
public final class StackTraces {

	private StackTraces() {
	}

	/**
	 * Capture the current stack of a thread.
	 * @param thread the thread
	 * @return a throwable whose stack trace is the thread's stack
	 */
	public static Throwable of(Thread thread) {
		Throwable stack = new CurrentStack(thread);
		stack.setStackTrace(thread.getStackTrace());
		return stack;
	}

	/**
	 * Carrier of a thread's current stack; not an error.
	 */
	static final class CurrentStack extends Throwable {

		private static final long serialVersionUID = 1L;

		CurrentStack(Thread thread) {
			super("Current stack of thread '" + thread.getName() + "' (state " + thread.getState() + ")", null, false,
					true);
		}

	}

}

package dev.exitmonitor;

/**
 * Thrown inside a thread to unwind it because it was asked to stop: by {@link Exit#check()},
 * {@link Exit#now()} and every exit-aware wait.
 * <p>
 * {@code ThreadExit} extends {@link Error}, not {@link Exception}, like the JDK's former
 * {@code ThreadDeath}: worker loops commonly contain {@code catch (Exception ex)} blocks that log and
 * carry on, and such a block must not swallow a stop request. {@code finally} blocks and
 * try-with-resources still run on the way out. Worker runtimes treat a {@code ThreadExit} as a clean
 * stop, never as a failure.
 *
 * @since 0.1.0
 */
public class ThreadExit extends Error {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new instance.
	 * @param message why the thread is exiting
	 */
	public ThreadExit(String message) {
		super(message);
	}

	/**
	 * Create a new instance, with or without a stack trace. The library throws its own instances without
	 * one: a {@code ThreadExit} is a signal to unwind rather than a fault, its message says why, and
	 * filling in a stack for every thread woken at exit would be a large part of the cost of stopping
	 * many threads at once.
	 * @param message why the thread is exiting
	 * @param writableStackTrace whether to record the stack trace
	 */
	public ThreadExit(String message, boolean writableStackTrace) {
		super(message, null, true, writableStackTrace);
	}

}

package dev.exitmonitor;

/**
 * How {@link StragglerPolicy#ABORT} ends the process. The default ends the JVM; tests and embedding
 * containers may supply their own through {@link ExitMonitor#setProcessTerminator(ProcessTerminator)}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProcessTerminator {

	/**
	 * End the process with the given exit code. May return before the process ends.
	 * @param exitCode the non-zero exit code
	 */
	void terminate(int exitCode);

	/**
	 * Return the JVM terminator: {@code Runtime.halt} when the JVM is already shutting down (a
	 * {@code System.exit} from a shutdown hook would hang); otherwise {@code System.exit} from a new
	 * thread, with {@code Runtime.halt} after 10 seconds if the normal exit hangs.
	 * @return the terminator
	 */
	static ProcessTerminator jvm() {
		return dev.exitmonitor.internal.JvmTerminator::terminate;
	}

}

package dev.exitmonitor;

/**
 * The body of a background worker run on its own thread(s).
 * <p>
 * As a <em>loop</em> worker ({@link WorkerDefinition#loop(String, Worker)}) the runtime calls
 * {@link #run(WorkerContext)} repeatedly, checking for a stop request between iterations; as a
 * <em>long-running</em> worker ({@link WorkerDefinition#longRunning(String, Worker)}) it is called once
 * and owns its loop, using {@link Exit#check()}, exit-aware waits and critical sections:
 * <pre class="code">
 * Worker consumer = (context) -&gt; {
 *     while (true) {
 *         Job job = jobs.take();                          // ExitAwareQueue: ThreadExit on stop
 *         try (CriticalSection section = Exit.critical()) {
 *             process(job);
 *         }
 *     }
 * };
 * </pre>
 * A {@link ThreadExit} thrown out of the body is a clean stop; any other exception is a failure handled
 * by the worker's {@link FailurePolicy}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Worker {

	/**
	 * Run one iteration (loop style) or the whole work (long-running style).
	 * @param context the worker's context
	 * @throws Exception on failure
	 */
	void run(WorkerContext context) throws Exception;

}

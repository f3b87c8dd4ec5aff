package dev.exitmonitor.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.InterruptMode;

/**
 * Marks a bean method (or a bean implementing {@link dev.exitmonitor.Worker} or
 * {@link dev.exitmonitor.AsyncWorker}) as a managed background worker: it starts with the application
 * context, is asked to stop in the early exit phase and joined in the late exit phase.
 * <pre class="code">
 * &#64;Component
 * class InvoicePoller {
 *
 *     &#64;BackgroundWorker(name = "invoices", delay = "500ms")
 *     void poll() { ... }          // called in a loop until exit; Exit.check()/critical() usable inside
 *
 * }
 * </pre>
 * Supported method shapes: no parameters or one {@link dev.exitmonitor.WorkerContext} parameter;
 * returning {@code void} (loop or long-running) or a {@code CompletionStage} (async). The method must
 * not be static or private. Style rule ({@link #mode()} {@code AUTO}): a {@code CompletionStage}
 * method is async; otherwise the worker is a loop when a {@link #delay()} is set, and long-running
 * (called once; returning ends the worker) when it is not.
 * <p>
 * Each worker is registered as a {@link dev.exitmonitor.WorkerHandle} bean named after the worker
 * ({@code <name>WorkerHandle} when the worker is named after its own bean, as a type-level worker is by
 * default).
 * Properties {@code exit-monitor.workers[<name>].*} override the attributes.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface BackgroundWorker {

	/**
	 * Worker name, unique in the application; defaults to {@code beanName.methodName} (or the bean
	 * name for a type-level annotation).
	 * @return the name
	 */
	String name() default "";

	/**
	 * Number of threads running the worker.
	 * @return the concurrency
	 */
	int concurrency() default 1;

	/**
	 * Delay between loop iterations, as a duration string ({@code 500ms}, {@code 2s}, {@code PT1M});
	 * setting it makes the worker a loop in {@code AUTO} mode (with {@code LONG_RUNNING} it fails start-up).
	 * @return the delay, or empty
	 */
	String delay() default "";

	/**
	 * How the method is run; {@code LOOP} and {@code LONG_RUNNING} apply to {@code void} methods and
	 * {@link dev.exitmonitor.Worker} beans only (an async worker that sets them fails start-up).
	 * @return the mode
	 */
	Mode mode() default Mode.AUTO;

	/**
	 * What happens after the worker fails.
	 * @return the failure policy
	 */
	FailurePolicy failurePolicy() default FailurePolicy.RESTART;

	/**
	 * Exit code of a {@link FailurePolicy#STOP_APPLICATION} failure; a multiple of 256, which the
	 * operating system would report as 0, fails start-up.
	 * @return the exit code
	 */
	int failureExitCode() default 1;

	/**
	 * When a stop request becomes a hard interrupt.
	 * @return the interrupt mode
	 */
	InterruptMode interruptMode() default InterruptMode.COOPERATIVE;

	/**
	 * Shutdown timeout for this worker, as a duration string; defaults to
	 * {@code exit-monitor.shutdown.timeout}.
	 * @return the timeout, or empty
	 */
	String shutdownTimeout() default "";

	/**
	 * Whether the worker starts with the application context.
	 * @return {@code false} to start it only through its {@code WorkerHandle}
	 */
	boolean autoStartup() default true;

	/**
	 * How a {@code @BackgroundWorker} method is run.
	 */
	enum Mode {

		/** Async for a {@code CompletionStage} method; else loop with a delay, long-running without. */
		AUTO,

		/** Called repeatedly, checking for a stop between calls. */
		LOOP,

		/** Called once; owns its loop; returning ends the worker. */
		LONG_RUNNING

	}

}

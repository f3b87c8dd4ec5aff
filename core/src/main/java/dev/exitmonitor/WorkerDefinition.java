package dev.exitmonitor;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.internal.Arguments;

/**
 * Immutable description of a background worker: its name, style, body and settings. Build one with
 * {@link #loop(String, Worker)}, {@link #longRunning(String, Worker)} or
 * {@link #async(String, AsyncWorker)}, then add it to a {@link WorkerGroup}.
 *
 * @since 0.1.0
 */
public final class WorkerDefinition {

	/**
	 * How the runtime runs the body.
	 */
	public enum Style {

		/** The runtime calls the body repeatedly, with a delay, checking for a stop between iterations. */
		LOOP,

		/** The body is called once and owns its loop. */
		LONG_RUNNING,

		/** The body returns a {@code CompletionStage}; no thread of the worker's own. */
		ASYNC

	}

	private final String name;

	private final Style style;

	private final @Nullable Worker body;

	private final @Nullable AsyncWorker asyncBody;

	private final int concurrency;

	private final Duration delay;

	private final FailurePolicy failurePolicy;

	private final Backoff backoff;

	private final InterruptMode interruptMode;

	private final int failureExitCode;

	private final boolean autoStartup;

	private final @Nullable Duration shutdownTimeout;

	private WorkerDefinition(Builder builder) {
		this.name = builder.name;
		this.style = builder.style;
		this.body = builder.body;
		this.asyncBody = builder.asyncBody;
		this.concurrency = builder.concurrency;
		this.delay = builder.delay;
		this.failurePolicy = builder.failurePolicy;
		this.backoff = builder.backoff;
		this.interruptMode = builder.interruptMode;
		this.failureExitCode = builder.failureExitCode;
		this.autoStartup = builder.autoStartup;
		this.shutdownTimeout = builder.shutdownTimeout;
	}

	/**
	 * Start a loop worker: the body is called repeatedly until the worker is asked to stop.
	 * @param name the worker's name, unique in its group
	 * @param body the iteration body
	 * @return a builder
	 */
	public static Builder loop(String name, Worker body) {
		return new Builder(name, Style.LOOP, Objects.requireNonNull(body, "'body' must not be null"), null);
	}

	/**
	 * Start a long-running worker: the body is called once and owns its loop.
	 * @param name the worker's name, unique in its group
	 * @param body the body
	 * @return a builder
	 */
	public static Builder longRunning(String name, Worker body) {
		return new Builder(name, Style.LONG_RUNNING, Objects.requireNonNull(body, "'body' must not be null"), null);
	}

	/**
	 * Start an asynchronous worker.
	 * @param name the worker's name, unique in its group
	 * @param body the body that starts the work
	 * @return a builder
	 */
	public static Builder async(String name, AsyncWorker body) {
		return new Builder(name, Style.ASYNC, null, Objects.requireNonNull(body, "'body' must not be null"));
	}

	/** @return the worker's name */
	public String name() {
		return this.name;
	}

	/** @return how the runtime runs the body */
	public Style style() {
		return this.style;
	}

	/** @return the body of a loop or long-running worker, {@code null} for an async one */
	public @Nullable Worker body() {
		return this.body;
	}

	/** @return the body of an async worker, {@code null} otherwise */
	public @Nullable AsyncWorker asyncBody() {
		return this.asyncBody;
	}

	/** @return how many threads run the body */
	public int concurrency() {
		return this.concurrency;
	}

	/** @return the pause between loop iterations */
	public Duration delay() {
		return this.delay;
	}

	/** @return what happens after a failure */
	public FailurePolicy failurePolicy() {
		return this.failurePolicy;
	}

	/** @return the backoff between restarts */
	public Backoff backoff() {
		return this.backoff;
	}

	/** @return when a stop request becomes a hard interrupt */
	public InterruptMode interruptMode() {
		return this.interruptMode;
	}

	/** @return the exit code of a {@link FailurePolicy#STOP_APPLICATION} failure */
	public int failureExitCode() {
		return this.failureExitCode;
	}

	/** @return whether the worker starts with its group */
	public boolean autoStartup() {
		return this.autoStartup;
	}

	/** @return this worker's own shutdown timeout, or {@code null} to use the monitor's */
	public @Nullable Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	@Override
	public String toString() {
		return "worker '" + this.name + "' (" + this.style + ", concurrency " + this.concurrency + ")";
	}

	/**
	 * Builder of a {@link WorkerDefinition}; checks every value and names the worker in its errors.
	 */
	public static final class Builder {

		private final String name;

		private final Style style;

		private final @Nullable Worker body;

		private final @Nullable AsyncWorker asyncBody;

		private int concurrency = 1;

		private Duration delay = Duration.ZERO;

		private FailurePolicy failurePolicy = FailurePolicy.RESTART;

		private Backoff backoff = Backoff.defaults();

		private InterruptMode interruptMode = InterruptMode.COOPERATIVE;

		private int failureExitCode = 1;

		private boolean autoStartup = true;

		private @Nullable Duration shutdownTimeout;

		private Builder(String name, Style style, @Nullable Worker body, @Nullable AsyncWorker asyncBody) {
			Objects.requireNonNull(name, "'name' must not be null");
			if (name.isBlank()) {
				throw new IllegalArgumentException("Worker name must not be empty");
			}
			this.name = name;
			this.style = style;
			this.body = body;
			this.asyncBody = asyncBody;
		}

		/**
		 * Set how many threads run the body (not for async workers).
		 * @param concurrency at least 1
		 * @return this builder
		 */
		public Builder concurrency(int concurrency) {
			if (concurrency < 1) {
				throw new IllegalArgumentException(
						"Worker '" + this.name + "': concurrency must be at least 1, but was " + concurrency);
			}
			if (this.style == Style.ASYNC && concurrency != 1) {
				throw new IllegalArgumentException("Worker '" + this.name
						+ "': an async worker has no threads of its own, so its concurrency must be 1, but was "
						+ concurrency);
			}
			this.concurrency = concurrency;
			return this;
		}

		/**
		 * Set the pause between loop iterations (loop workers).
		 * @param delay not negative
		 * @return this builder
		 */
		public Builder delay(Duration delay) {
			Objects.requireNonNull(delay, () -> "Worker '" + this.name + "': 'delay' must not be null");
			if (delay.isNegative()) {
				throw new IllegalArgumentException(
						"Worker '" + this.name + "': delay must not be negative, but was " + delay);
			}
			this.delay = delay;
			return this;
		}

		/**
		 * Set the failure policy.
		 * @param failurePolicy the policy
		 * @return this builder
		 */
		public Builder failurePolicy(FailurePolicy failurePolicy) {
			this.failurePolicy = Objects.requireNonNull(failurePolicy,
					() -> "Worker '" + this.name + "': 'failurePolicy' must not be null");
			return this;
		}

		/**
		 * Set the backoff between restarts.
		 * @param backoff the backoff
		 * @return this builder
		 */
		public Builder backoff(Backoff backoff) {
			this.backoff = Objects.requireNonNull(backoff, () -> "Worker '" + this.name + "': 'backoff' must not be null");
			return this;
		}

		/**
		 * Set the interrupt mode of the worker's threads.
		 * @param interruptMode the mode
		 * @return this builder
		 */
		public Builder interruptMode(InterruptMode interruptMode) {
			this.interruptMode = Objects.requireNonNull(interruptMode,
					() -> "Worker '" + this.name + "': 'interruptMode' must not be null");
			return this;
		}

		/**
		 * Set the exit code of a {@link FailurePolicy#STOP_APPLICATION} failure.
		 * @param failureExitCode 1 to 255 as the operating system reports it (not 0 or a multiple of 256)
		 * @return this builder
		 */
		public Builder failureExitCode(int failureExitCode) {
			this.failureExitCode = Arguments.requireFailureExitCode(failureExitCode,
					"failureExitCode' of worker '" + this.name);
			return this;
		}

		/**
		 * Set whether the worker starts with its group.
		 * @param autoStartup {@code false} to start it only through its handle
		 * @return this builder
		 */
		public Builder autoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
			return this;
		}

		/**
		 * Give the worker its own shutdown timeout instead of the one passed to the late exit phase.
		 * @param shutdownTimeout positive
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			Objects.requireNonNull(shutdownTimeout, () -> "Worker '" + this.name + "': 'shutdownTimeout' must not be null");
			if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
				throw new IllegalArgumentException(
						"Worker '" + this.name + "': shutdownTimeout must be positive, but was " + shutdownTimeout);
			}
			this.shutdownTimeout = shutdownTimeout;
			return this;
		}

		/**
		 * Build the definition.
		 * @return the definition
		 */
		public WorkerDefinition build() {
			Arguments.requireNonNegative(this.delay, "delay");
			return new WorkerDefinition(this);
		}

	}

}

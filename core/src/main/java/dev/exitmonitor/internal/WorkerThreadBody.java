package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.ThreadExit;
import dev.exitmonitor.Worker;
import dev.exitmonitor.WorkerContext;
import dev.exitmonitor.WorkerDefinition;

/**
 * What one thread of a loop or long-running worker runs: the body, the stop checks between loop
 * iterations, the pause gate, and the failure policy with backoff.
 * <p>
 * A {@link ThreadExit}, or any exception thrown after the worker was asked to stop (an
 * {@link InterruptedException}, a socket closed by escalation; logged at WARN), ends the thread
 * cleanly; any other throwable is a failure: counted, logged, then restarted after backoff
 * ({@code RESTART}, unless a stop was requested) or ending the thread as failed.
 *
 * @since 0.1.0
 */
final class WorkerThreadBody implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(WorkerThreadBody.class);

	private final ManagedWorker worker;

	private final Context context;

	WorkerThreadBody(ManagedWorker worker, int threadIndex) {
		this.worker = worker;
		this.context = new Context(worker, threadIndex);
	}

	@Override
	public void run() {
		boolean failed = false;
		try {
			failed = runWithFailurePolicy();
		}
		finally {
			this.worker.unitEnded(failed);
		}
	}

	/**
	 * @return whether the thread ended with a failure that was not restarted
	 */
	private boolean runWithFailurePolicy() {
		WorkerDefinition definition = this.worker.definition();
		int consecutiveFailures = 0;
		while (true) {
			try {
				runBody(definition);
				return false;
			}
			catch (ThreadExit ex) {
				return false;
			}
			catch (Throwable ex) {
				if (isStopInterruption(ex)) {
					return false;
				}
				if (Exit.requested() && !(ex instanceof VirtualMachineError)) {
					// Unwinding after a stop request (for example a socket closed by escalation): a stop, not a failure.
					logger.warn("Worker '{}' ended with an exception while stopping", definition.name(), ex);
					return false;
				}
				this.worker.recordFailure(ex);
				if (ex instanceof VirtualMachineError error) {
					throw error;
				}
				if (definition.failurePolicy() != FailurePolicy.RESTART) {
					return true;
				}
				if (Exit.requested()) {
					return false;
				}
				consecutiveFailures++;
				Duration delay = definition.backoff().delayFor(consecutiveFailures);
				logger.info("Restarting worker '{}' in {} ms (failure {} in a row)", definition.name(), delay.toMillis(),
						consecutiveFailures);
				if (!backOff(delay)) {
					return false;
				}
				this.worker.restarts.incrementAndGet();
			}
		}
	}

	private void runBody(WorkerDefinition definition) throws Exception {
		Worker body = Objects.requireNonNull(definition.body());
		if (definition.style() == WorkerDefinition.Style.LONG_RUNNING) {
			body.run(this.context);
			this.worker.iterations.incrementAndGet();
			return;
		}
		Duration delay = definition.delay();
		while (true) {
			Exit.check();
			this.worker.awaitUnpaused();
			body.run(this.context);
			this.worker.iterations.incrementAndGet();
			if (!delay.isZero()) {
				Exit.sleep(delay);
			}
		}
	}

	private boolean isStopInterruption(Throwable ex) {
		return ex instanceof InterruptedException && Exit.requested();
	}

	/**
	 * @return {@code false} if the worker was asked to stop while backing off
	 */
	private boolean backOff(Duration delay) {
		try {
			Exit.sleep(delay);
			return true;
		}
		catch (ThreadExit ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The {@link WorkerContext} of one worker thread.
	 */
	static final class Context implements WorkerContext {

		private final ManagedWorker worker;

		private final int threadIndex;

		Context(ManagedWorker worker, int threadIndex) {
			this.worker = worker;
			this.threadIndex = threadIndex;
		}

		@Override
		public String workerName() {
			return this.worker.name();
		}

		@Override
		public int threadIndex() {
			return this.threadIndex;
		}

		@Override
		public long iterations() {
			return this.worker.iterations.get();
		}

		@Override
		public boolean isStopRequested() {
			return this.worker.stopSignal().isDone() || this.worker.monitor().isStopSignalled();
		}

		@Override
		public CompletableFuture<Void> stopSignal() {
			return this.worker.stopSignal().copy();
		}

		@Override
		public ExitMonitor monitor() {
			return this.worker.monitor();
		}

	}

}

package dev.exitmonitor.actuate.endpoint;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerSnapshot;
import dev.exitmonitor.WorkerState;

/**
 * Description of one background worker, as returned by the {@link ExitMonitorEndpoint}: its state,
 * threads, counters, last error, and the stack traces of its threads while it is straggling.
 *
 * @since 0.1.0
 */
public final class WorkerDescriptor implements OperationResponseBody {

	private final WorkerSnapshot snapshot;

	private final List<ThreadDescriptor> threads;

	WorkerDescriptor(WorkerSnapshot snapshot) {
		this.snapshot = snapshot;
		this.threads = snapshot.threads().stream().map(ThreadDescriptor::new).toList();
	}

	public String getName() {
		return this.snapshot.name();
	}

	public WorkerDefinition.Style getStyle() {
		return this.snapshot.style();
	}

	public WorkerState getState() {
		return this.snapshot.state();
	}

	public boolean isPaused() {
		return this.snapshot.paused();
	}

	public boolean isStopRequested() {
		return this.snapshot.stopRequested();
	}

	public List<ThreadDescriptor> getThreads() {
		return this.threads;
	}

	public long getIterations() {
		return this.snapshot.iterations();
	}

	public long getFailures() {
		return this.snapshot.failures();
	}

	public long getRestarts() {
		return this.snapshot.restarts();
	}

	public @Nullable ErrorDescriptor getLastError() {
		WorkerSnapshot.ErrorSnapshot lastError = this.snapshot.lastError();
		return (lastError != null) ? new ErrorDescriptor(lastError) : null;
	}

	public @Nullable Instant getStartedAt() {
		return this.snapshot.startedAt();
	}

	public @Nullable Instant getStoppedAt() {
		return this.snapshot.stoppedAt();
	}

	static List<String> lines(List<StackTraceElement> stackTrace) {
		return stackTrace.stream().map(StackTraceElement::toString).toList();
	}

	/**
	 * Description of a live thread of a worker.
	 */
	public static final class ThreadDescriptor {

		private final WorkerSnapshot.ThreadSnapshot thread;

		private ThreadDescriptor(WorkerSnapshot.ThreadSnapshot thread) {
			this.thread = thread;
		}

		public String getName() {
			return this.thread.name();
		}

		public Thread.State getState() {
			return this.thread.state();
		}

		public @Nullable Instant getInCriticalSince() {
			return this.thread.inCriticalSince();
		}

		/**
		 * Return the thread's stack, captured only while its worker is straggling.
		 * @return one line per frame, or {@code null} when not captured
		 */
		public @Nullable List<String> getStackTrace() {
			List<StackTraceElement> stackTrace = this.thread.stackTrace();
			return (!stackTrace.isEmpty()) ? lines(stackTrace) : null;
		}

	}

	/**
	 * Description of the last failure of a worker.
	 */
	public static final class ErrorDescriptor {

		private final WorkerSnapshot.ErrorSnapshot error;

		private ErrorDescriptor(WorkerSnapshot.ErrorSnapshot error) {
			this.error = error;
		}

		public String getType() {
			return this.error.type();
		}

		public @Nullable String getMessage() {
			return this.error.message();
		}

		public Instant getAt() {
			return this.error.at();
		}

	}

}

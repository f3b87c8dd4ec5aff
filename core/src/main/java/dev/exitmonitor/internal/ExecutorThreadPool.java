package dev.exitmonitor.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The fixed-size {@link ThreadPoolExecutor} an exit-aware executor creates for itself, which tells its
 * owner when it has terminated so the owner can leave its exit monitor at once.
 * <p>
 * Thread-safe. The termination callback may run more than once (when it is set in the same instant
 * as the pool terminates), so it must be idempotent.
 *
 * @since 0.1.0
 */
public final class ExecutorThreadPool extends ThreadPoolExecutor {

	private volatile @Nullable Runnable terminationCallback;

	/**
	 * Create a pool with a fixed number of threads and an unbounded queue.
	 * @param threads the number of threads
	 * @param threadFactory the factory that creates them
	 */
	public ExecutorThreadPool(int threads, ThreadFactory threadFactory) {
		super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threadFactory);
	}

	/**
	 * Run a callback when the pool terminates; at once if it already has.
	 * @param callback an idempotent callback
	 */
	public void onTerminated(Runnable callback) {
		this.terminationCallback = callback;
		if (isTerminated()) {
			callback.run();
		}
	}

	@Override
	protected void terminated() {
		Runnable callback = this.terminationCallback;
		if (callback != null) {
			callback.run();
		}
	}

}

package dev.exitmonitor;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.internal.ExecutorThreadPool;

/**
 * Builder of an {@link ExitAwareExecutor}, obtained from
 * {@link ExitAwareExecutor#builder(ExitMonitor, String)}: either over a new fixed thread pool
 * ({@link #build()}), whose threads obey the monitor, or over an executor service of your own
 * ({@link #wrap(ExecutorService)}).
 * <p>
 * Not thread-safe: configure it in one thread. Each {@code build} or {@code wrap} creates a new
 * executor, registered with the monitor.
 *
 * @since 0.1.0
 */
public final class ExitAwareExecutorBuilder {

	private final ExitMonitor monitor;

	private final String name;

	private int threads = Runtime.getRuntime().availableProcessors();

	private @Nullable ThreadFactory threadFactory;

	private PendingTaskPolicy pendingTaskPolicy = PendingTaskPolicy.DRAIN;

	private @Nullable PendingTaskHandler pendingTaskHandler;

	ExitAwareExecutorBuilder(ExitMonitor monitor, String name) {
		Objects.requireNonNull(monitor, "'monitor' must not be null");
		Objects.requireNonNull(name, "'name' must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("'name' must not be empty");
		}
		this.monitor = monitor;
		this.name = name;
	}

	/**
	 * Set the number of threads of the pool {@link #build()} creates; the number of processors by
	 * default.
	 * @param threads the number of threads; must be positive
	 * @return this builder
	 */
	public ExitAwareExecutorBuilder threads(int threads) {
		if (threads <= 0) {
			throw new IllegalArgumentException("'threads' must be positive, but was " + threads);
		}
		this.threads = threads;
		return this;
	}

	/**
	 * Set the factory that creates the threads of the pool {@link #build()} creates (for example one of
	 * virtual threads); by default non-daemon platform threads named after the executor. Either way the
	 * threads obey the monitor, in {@link InterruptMode#COOPERATIVE}.
	 * @param threadFactory the factory
	 * @return this builder
	 */
	public ExitAwareExecutorBuilder threadFactory(ThreadFactory threadFactory) {
		this.threadFactory = Objects.requireNonNull(threadFactory, "'threadFactory' must not be null");
		return this;
	}

	/**
	 * Set what happens at exit to the tasks that have not started; {@link PendingTaskPolicy#DRAIN} by
	 * default.
	 * @param policy the policy
	 * @return this builder
	 */
	public ExitAwareExecutorBuilder pendingTaskPolicy(PendingTaskPolicy policy) {
		this.pendingTaskPolicy = Objects.requireNonNull(policy, "'policy' must not be null");
		return this;
	}

	/**
	 * Set the handler that takes the unstarted tasks under {@link PendingTaskPolicy#HAND_BACK}.
	 * @param handler the handler
	 * @return this builder
	 */
	public ExitAwareExecutorBuilder pendingTaskHandler(PendingTaskHandler handler) {
		this.pendingTaskHandler = Objects.requireNonNull(handler, "'handler' must not be null");
		return this;
	}

	/**
	 * Create the executor over a new fixed thread pool whose threads come from
	 * {@link ExitMonitor#threadFactory(ThreadFactory, InterruptMode)}, so {@link Exit} consults the
	 * monitor in them. The pool leaves the monitor when it terminates.
	 * @return the executor, registered with the monitor
	 * @throws IllegalArgumentException if the policy is {@code HAND_BACK} and no handler was set
	 */
	public ExitAwareExecutor build() {
		checkPolicy();
		ThreadFactory base = (this.threadFactory != null) ? this.threadFactory : namedThreads(this.name);
		ExecutorThreadPool pool = new ExecutorThreadPool(this.threads,
				this.monitor.threadFactory(base, InterruptMode.COOPERATIVE));
		ExitAwareExecutor executor = ExitAwareExecutor.create(this.monitor, this.name, pool, this.pendingTaskPolicy,
				this.pendingTaskHandler);
		pool.onTerminated(executor::terminated);
		return executor;
	}

	/**
	 * Create the executor over an executor service of your own. The executor owns the delegate from now
	 * on: it shuts it down, and tasks must be submitted through it. The delegate must not discard tasks
	 * silently (a rejection must throw). If its threads were not created by the monitor's thread factory,
	 * tasks still see the exit and their own cancellation through {@link Exit}, because the executor
	 * passes both on to each task's scope.
	 * @param delegate the executor service that runs the tasks
	 * @return the executor, registered with the monitor
	 * @throws IllegalArgumentException if the policy is {@code HAND_BACK} and no handler was set
	 */
	public ExitAwareExecutor wrap(ExecutorService delegate) {
		Objects.requireNonNull(delegate, "'delegate' must not be null");
		checkPolicy();
		return ExitAwareExecutor.create(this.monitor, this.name, delegate, this.pendingTaskPolicy,
				this.pendingTaskHandler);
	}

	private void checkPolicy() {
		if (this.pendingTaskPolicy == PendingTaskPolicy.HAND_BACK && this.pendingTaskHandler == null) {
			throw new IllegalArgumentException("Executor '" + this.name + "' uses PendingTaskPolicy.HAND_BACK but has "
					+ "no PendingTaskHandler: set one with pendingTaskHandler(..), or use PendingTaskPolicy.DRAIN");
		}
	}

	private static ThreadFactory namedThreads(String name) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> new Thread(runnable, name + "-" + count.incrementAndGet());
	}

}

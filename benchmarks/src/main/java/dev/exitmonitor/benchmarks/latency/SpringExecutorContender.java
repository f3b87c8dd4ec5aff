package dev.exitmonitor.benchmarks.latency;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Spring's {@link ThreadPoolTaskExecutor} with N threads running N tasks, each blocked in {@link BlockingQueue#take()}
 * of its own queue,
 * stopped by {@link ThreadPoolTaskExecutor#shutdown()} (what its {@code destroy()} does at context close), in one
 * of two setups:
 * <ul>
 * <li>default: {@code shutdownNow()}, which interrupts the tasks; the clock stops when the last task ended;</li>
 * <li>graceful, the recommended setup: {@code waitForTasksToCompleteOnShutdown=true} with an
 * {@code awaitTermination} period: nothing tells the tasks to stop, so {@code shutdown()} returns after the
 * period with every thread still alive; the time is capped at that period, and the threads are interrupted
 * afterwards, untimed.</li>
 * </ul>
 *
 * @since 0.1.0
 */
final class SpringExecutorContender implements Contender {

	private final boolean graceful;

	private final Duration awaitTermination;

	private SpringExecutorContender(boolean graceful, Duration awaitTermination) {
		this.graceful = graceful;
		this.awaitTermination = awaitTermination;
	}

	/**
	 * The default setup.
	 * @return the contender
	 */
	static SpringExecutorContender interrupting() {
		return new SpringExecutorContender(false, Duration.ZERO);
	}

	/**
	 * The graceful setup.
	 * @param awaitTermination the await-termination period
	 * @return the contender
	 */
	static SpringExecutorContender graceful(Duration awaitTermination) {
		return new SpringExecutorContender(true, awaitTermination);
	}

	boolean isGraceful() {
		return this.graceful;
	}

	Duration awaitTermination() {
		return this.awaitTermination;
	}

	@Override
	public String name() {
		return this.graceful
				? "Spring `ThreadPoolTaskExecutor`, `waitForTasksToCompleteOnShutdown` + await "
						+ this.awaitTermination.toMillis() + " ms"
				: "Spring `ThreadPoolTaskExecutor`, default (`shutdownNow`, interrupts)";
	}

	@Override
	public Role role() {
		return Role.PEER;
	}

	@Override
	public Trial start(int count, ThreadKind kind) throws InterruptedException {
		BlockedWorkers workers = new BlockedWorkers(count, kind.newFactory());
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(count);
		executor.setMaxPoolSize(count);
		executor.setThreadFactory(workers.threadFactory());
		if (this.graceful) {
			executor.setWaitForTasksToCompleteOnShutdown(true);
			executor.setAwaitTerminationMillis(this.awaitTermination.toMillis());
		}
		executor.initialize();
		for (int i = 0; i < count; i++) {
			BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
			executor.execute(workers.worker(queue::take));
		}
		workers.awaitBlocked(PATIENCE);
		return new Trial() {

			@Override
			public Outcome stop() throws InterruptedException {
				long start = System.nanoTime();
				executor.shutdown();
				long stopper = System.nanoTime() - start;
				if (SpringExecutorContender.this.graceful) {
					long running = workers.running();
					return new Outcome(stopper, stopper, running > 0, running, workers.aliveThreads());
				}
				if (!workers.awaitStopped(PATIENCE)) {
					throw new IllegalStateException(workers.running() + " tasks did not stop in " + PATIENCE);
				}
				return Outcome.stopped(System.nanoTime() - start, stopper);
			}

			@Override
			public void close() throws InterruptedException {
				// The graceful setup leaves its threads running: interrupt them now, untimed.
				executor.getThreadPoolExecutor().shutdownNow();
				workers.joinAll(PATIENCE);
			}

		};
	}

}

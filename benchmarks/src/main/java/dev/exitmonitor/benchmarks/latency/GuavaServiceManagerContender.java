package dev.exitmonitor.benchmarks.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.AbstractExecutionThreadService;
import com.google.common.util.concurrent.ServiceManager;
import org.jspecify.annotations.Nullable;

/**
 * Guava: N {@link AbstractExecutionThreadService}s, each blocked in {@link BlockingQueue#take()} of its own queue
 * in its {@code run()}, whose {@code triggerShutdown()} interrupts the run thread, managed by one
 * {@link ServiceManager}; stopped by {@code stopAsync().awaitStopped()}.
 *
 * @since 0.1.0
 */
final class GuavaServiceManagerContender implements Contender {

	@Override
	public String name() {
		return "Guava `ServiceManager.stopAsync().awaitStopped()`, `triggerShutdown` interrupts";
	}

	@Override
	public Role role() {
		return Role.PEER;
	}

	@Override
	public Trial start(int count, ThreadKind kind) throws Exception {
		BlockedWorkers workers = new BlockedWorkers(count, kind.newFactory());
		List<BlockedService> services = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			services.add(new BlockedService(workers, new LinkedBlockingQueue<>()));
		}
		ServiceManager manager = new ServiceManager(services);
		manager.startAsync().awaitHealthy(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
		workers.awaitBlocked(PATIENCE);
		return new Trial() {

			@Override
			public Outcome stop() throws Exception {
				long start = System.nanoTime();
				manager.stopAsync();
				long stopper = System.nanoTime() - start;
				manager.awaitStopped(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
				return Outcome.stopped(System.nanoTime() - start, stopper);
			}

			@Override
			public void close() throws InterruptedException {
				workers.joinAll(PATIENCE);
			}

		};
	}

	/**
	 * A service whose run loop blocks in {@code take()} and ends when interrupted.
	 */
	private static final class BlockedService extends AbstractExecutionThreadService {

		private final BlockedWorkers workers;

		private final BlockingQueue<Object> queue;

		private final ThreadFactory threads;

		private volatile @Nullable Thread runner;

		BlockedService(BlockedWorkers workers, BlockingQueue<Object> queue) {
			this.workers = workers;
			this.queue = queue;
			this.threads = workers.threadFactory();
		}

		@Override
		protected void run() {
			this.runner = Thread.currentThread();
			this.workers.aboutToBlock();
			try {
				while (isRunning()) {
					this.queue.take();
				}
			}
			catch (InterruptedException ex) {
				// triggerShutdown() interrupted us: the service stops by returning.
			}
			finally {
				this.workers.stopped();
			}
		}

		@Override
		protected void triggerShutdown() {
			Thread thread = this.runner;
			if (thread != null) {
				thread.interrupt();
			}
		}

		@Override
		protected Executor executor() {
			return (command) -> this.threads.newThread(command).start();
		}

	}

}

package dev.exitmonitor.benchmarks.latency;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The floor of waking threads by interrupting them: workers blocked in {@link LinkedBlockingQueue#take()} of their
 * own queue, released by a plain {@link Thread#interrupt()} loop, each waking with the JDK's
 * {@link InterruptedException}. Any wrapper of a JDK blocking queue that wakes its waiters this way (ours, Spring's
 * {@code shutdownNow}, Guava's {@code triggerShutdown}) pays at least this; the difference to the park/unpark limit
 * is the JDK's interrupt and exception path.
 *
 * @since 0.1.0
 */
final class InterruptFloor implements Contender {

	@Override
	public String name() {
		return "floor of interrupt-based waking: bare `Thread.interrupt()` loop, workers in `LinkedBlockingQueue.take()`";
	}

	@Override
	public Role role() {
		return Role.PEER;
	}

	@Override
	public Trial start(int count, ThreadKind kind) throws InterruptedException {
		BlockedWorkers workers = new BlockedWorkers(count, kind.newFactory());
		workers.startInOwnJdkQueues();
		return new Trial() {

			@Override
			public Outcome stop() throws InterruptedException {
				return workers.timeStop(() -> workers.threads().forEach(Thread::interrupt));
			}

			@Override
			public void close() throws InterruptedException {
				workers.joinAll(PATIENCE);
			}

		};
	}

}

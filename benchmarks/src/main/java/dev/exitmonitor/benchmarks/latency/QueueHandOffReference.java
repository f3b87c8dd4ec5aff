package dev.exitmonitor.benchmarks.latency;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A reference, not a stop: workers blocked in {@link LinkedBlockingQueue#take()} of their own queue, each released
 * by an element offered to its queue, so that {@code take()} simply returns. No interrupt, no exception, no stop
 * flag: what waking a thread blocked in a JDK queue costs when nothing is stopped at all (a condition signal, and
 * the queue's lock taken again by the woken thread). Its difference to the park/unpark limit is that hand-off and,
 * on virtual threads, mounting the consumer's deeper stack again. Ours, which parks in its own queue and is woken
 * by unpark, can be below it.
 *
 * @since 0.1.0
 */
final class QueueHandOffReference implements Contender {

	private static final Object WAKE_UP = new Object();

	@Override
	public String name() {
		return "reference, no stop: an element offered to each worker's queue, workers in `LinkedBlockingQueue.take()`";
	}

	@Override
	public Role role() {
		return Role.PEER;
	}

	@Override
	public Trial start(int count, ThreadKind kind) throws InterruptedException {
		BlockedWorkers workers = new BlockedWorkers(count, kind.newFactory());
		List<LinkedBlockingQueue<Object>> queues = workers.startInOwnJdkQueues();
		return new Trial() {

			@Override
			public Outcome stop() throws InterruptedException {
				return workers.timeStop(() -> {
					for (LinkedBlockingQueue<Object> queue : queues) {
						queue.offer(WAKE_UP);
					}
				});
			}

			@Override
			public void close() throws InterruptedException {
				workers.joinAll(PATIENCE);
			}

		};
	}

}

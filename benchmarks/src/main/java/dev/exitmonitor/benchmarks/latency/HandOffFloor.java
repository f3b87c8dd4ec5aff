package dev.exitmonitor.benchmarks.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The floor of waking a thread blocked on a queue without stopping anything: workers blocked in
 * {@link LinkedBlockingQueue#take()} of their own queue, each released by an element offered to its queue, so
 * that {@code take()} simply returns. No interrupt, no exception, no stop flag: the cost of the JDK queue's own
 * hand-off (a condition signal, and a lock the woken thread takes again), which a stop that wakes a queue
 * consumer could at best match. The difference to the park/unpark limit is that hand-off; on virtual threads it
 * also includes mounting the consumer's deeper stack again.
 *
 * @since 0.1.0
 */
final class HandOffFloor implements Contender {

	private static final Object WAKE_UP = new Object();

	@Override
	public String name() {
		return "floor of queue hand-off: an element offered to each worker's queue, workers in `LinkedBlockingQueue.take()`";
	}

	@Override
	public Role role() {
		return Role.PEER;
	}

	@Override
	public Trial start(int count, ThreadKind kind) throws InterruptedException {
		BlockedWorkers workers = new BlockedWorkers(count, kind.newFactory());
		List<LinkedBlockingQueue<Object>> queues = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
			queues.add(queue);
			workers.threadFactory().newThread(workers.worker(queue::take)).start();
		}
		workers.awaitBlocked(PATIENCE);
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

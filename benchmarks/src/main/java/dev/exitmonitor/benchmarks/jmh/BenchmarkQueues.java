package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.exitmonitor.ExitAwareQueue;

/**
 * The queues the queue benchmarks compare, by the name their {@code @Param} uses: each JDK queue, the
 * exit-aware queue that wraps it (woken by interrupt), and the exit-aware queue that owns the same storage
 * (woken by unpark), all bounded to {@link #CAPACITY} elements.
 *
 * @since 0.1.0
 */
final class BenchmarkQueues {

	/** Capacity of every queue. */
	static final int CAPACITY = 1024;

	static final String LINKED = "LinkedBlockingQueue";

	static final String WRAPPED_LINKED = "ExitAwareQueue.wrap(LinkedBlockingQueue)";

	static final String OWNED_LINKED = "ExitAwareQueue.linked(capacity)";

	static final String ARRAY = "ArrayBlockingQueue";

	static final String WRAPPED_ARRAY = "ExitAwareQueue.wrap(ArrayBlockingQueue)";

	static final String OWNED_ARRAY = "ExitAwareQueue.array(capacity)";

	private BenchmarkQueues() {
	}

	/**
	 * Create a queue by name.
	 * @param name one of the names above
	 * @return a new, empty queue
	 */
	static BlockingQueue<Object> create(String name) {
		return switch (name) {
			case LINKED -> new LinkedBlockingQueue<>(CAPACITY);
			case WRAPPED_LINKED -> ExitAwareQueue.wrap(new LinkedBlockingQueue<>(CAPACITY));
			case OWNED_LINKED -> ExitAwareQueue.linked(CAPACITY);
			case ARRAY -> new ArrayBlockingQueue<>(CAPACITY);
			case WRAPPED_ARRAY -> ExitAwareQueue.wrap(new ArrayBlockingQueue<>(CAPACITY));
			case OWNED_ARRAY -> ExitAwareQueue.array(CAPACITY);
			default -> throw new IllegalArgumentException("Unknown queue '" + name + "'");
		};
	}

}

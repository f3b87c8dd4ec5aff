package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.exitmonitor.ExitAwareQueue;

/**
 * The queues the queue benchmarks compare, by the name their {@code @Param} uses: each JDK queue, the
 * exit-aware queue that wraps it (woken by interrupt), and the exit-aware queue that owns the same storage
 * (woken by unpark), all bounded to the same capacity: {@link #CAPACITY} elements unless a benchmark measures
 * another.
 *
 * @since 0.1.0
 */
final class BenchmarkQueues {

	/** Capacity of the queues of {@link #create(String)}. */
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
	 * Create a queue of {@link #CAPACITY} elements by name.
	 * @param name one of the names above
	 * @return a new, empty queue
	 */
	static BlockingQueue<Object> create(String name) {
		return create(name, CAPACITY);
	}

	/**
	 * Create a queue by name.
	 * @param name one of the names above
	 * @param capacity the capacity
	 * @return a new, empty queue
	 */
	static BlockingQueue<Object> create(String name, int capacity) {
		return switch (name) {
			case LINKED -> new LinkedBlockingQueue<>(capacity);
			case WRAPPED_LINKED -> ExitAwareQueue.wrap(new LinkedBlockingQueue<>(capacity));
			case OWNED_LINKED -> ExitAwareQueue.linked(capacity);
			case ARRAY -> new ArrayBlockingQueue<>(capacity);
			case WRAPPED_ARRAY -> ExitAwareQueue.wrap(new ArrayBlockingQueue<>(capacity));
			case OWNED_ARRAY -> ExitAwareQueue.array(capacity);
			default -> throw new IllegalArgumentException("Unknown queue '" + name + "'");
		};
	}

}

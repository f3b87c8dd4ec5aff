package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.exitmonitor.Exit;

/**
 * Cost of one timed {@code offer} plus one timed {@code poll} on a single thread, where neither ever blocks: the
 * per-call overhead of the exit-aware wait without any hand-off between threads. Informational; it explains
 * the hand-off ratios of {@link QueueBenchmark}.
 *
 * @since 0.1.0
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QueueRoundTripBenchmark {

	private static final Object element = new Object();

	/** The queue under test. */
	@Param({ BenchmarkQueues.LINKED, BenchmarkQueues.WRAPPED_LINKED, BenchmarkQueues.OWNED_LINKED,
			BenchmarkQueues.ARRAY, BenchmarkQueues.WRAPPED_ARRAY, BenchmarkQueues.OWNED_ARRAY })
	public String queue;

	private BlockingQueue<Object> target;

	/**
	 * Create the queue for this trial.
	 */
	@Setup(Level.Trial)
	public void createQueue() {
		// Initialize the library (classes, logging) before the warm-up, which then warms up the code measured.
		Exit.monitor();
		this.target = BenchmarkQueues.create(this.queue);
	}

	/**
	 * Offer one element and poll it back.
	 * @return the element
	 * @throws InterruptedException never expected
	 */
	@Benchmark
	public Object offerThenPoll() throws InterruptedException {
		this.target.offer(element, 1, TimeUnit.SECONDS);
		return this.target.poll(1, TimeUnit.SECONDS);
	}

}

package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;

import dev.exitmonitor.Exit;

/**
 * Hand-off throughput of an {@link dev.exitmonitor.ExitAwareQueue} against the JDK queue of the same storage,
 * with one producer and one consumer ({@code oneToOne}) and with two of each ({@code twoToTwo}), over bounded
 * queues of {@value BenchmarkQueues#CAPACITY} elements (see {@link BenchmarkQueues}): the exit-aware queue
 * that owns its storage ({@code linked}, {@code array}) and the one that wraps a JDK queue.
 * <p>
 * Producers and consumers use the timed blocking operations (see {@link TimedHandOff}). The score that matters
 * is the consumers' (elements taken per microsecond). Target: the exit-aware queue at least 0.95 times the JDK
 * queue. {@link HandOffBenchmark} measures the same through a queue of capacity 1.
 *
 * @since 0.1.0
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueueBenchmark {

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
	 * One producer.
	 * @param control JMH's run control
	 * @return whether the element went in
	 * @throws InterruptedException never expected
	 */
	@Benchmark
	@Group("oneToOne")
	@GroupThreads(1)
	public boolean put1(Control control) throws InterruptedException {
		return TimedHandOff.put(this.target, control);
	}

	/**
	 * One consumer.
	 * @param control JMH's run control
	 * @return the element taken
	 * @throws InterruptedException never expected
	 */
	@Benchmark
	@Group("oneToOne")
	@GroupThreads(1)
	public Object take1(Control control) throws InterruptedException {
		return TimedHandOff.take(this.target, control, this);
	}

	/**
	 * Two producers.
	 * @param control JMH's run control
	 * @return whether the element went in
	 * @throws InterruptedException never expected
	 */
	@Benchmark
	@Group("twoToTwo")
	@GroupThreads(2)
	public boolean put2(Control control) throws InterruptedException {
		return TimedHandOff.put(this.target, control);
	}

	/**
	 * Two consumers.
	 * @param control JMH's run control
	 * @return the element taken
	 * @throws InterruptedException never expected
	 */
	@Benchmark
	@Group("twoToTwo")
	@GroupThreads(2)
	public Object take2(Control control) throws InterruptedException {
		return TimedHandOff.take(this.target, control, this);
	}

}

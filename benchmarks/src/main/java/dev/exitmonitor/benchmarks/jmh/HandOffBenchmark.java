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
 * Hand-off through a queue of capacity 1, two producers and two consumers: every element passes from a producer
 * to a consumer that usually had to wait for it, and every producer usually waits for space, so the score is the
 * cost of the queue's waits and wake-ups rather than of its storage. This is where an exit-aware queue that owns
 * its storage differs most from the JDK queue: its waiters park on their own wait lists instead of the lock's
 * conditions, and the linked queue wakes a waiter of the other end after releasing its own lock, where
 * {@link java.util.concurrent.LinkedBlockingQueue} signals under the other end's lock.
 * <p>
 * Only the queues that own their storage and their JDK peers run here; a wrapped JDK queue waits in the JDK
 * queue itself. Producers and consumers use the timed blocking operations (see {@link TimedHandOff}); the score
 * that matters is the consumers' (elements taken per microsecond). Target: the exit-aware queue at least 0.95
 * times the JDK queue.
 *
 * @since 0.1.0
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandOffBenchmark {

	/** The queue under test. */
	@Param({ BenchmarkQueues.LINKED, BenchmarkQueues.OWNED_LINKED, BenchmarkQueues.ARRAY,
			BenchmarkQueues.OWNED_ARRAY })
	public String queue;

	private BlockingQueue<Object> target;

	/**
	 * Create the queue, of capacity 1, for this trial.
	 */
	@Setup(Level.Trial)
	public void createQueue() {
		// Initialize the library (classes, logging) before the warm-up, which then warms up the code measured.
		Exit.monitor();
		this.target = BenchmarkQueues.create(this.queue, 1);
	}

	/**
	 * Two producers.
	 * @param control JMH's run control
	 * @return whether the element went in
	 * @throws InterruptedException never expected
	 */
	@Benchmark
	@Group("capacityOne")
	@GroupThreads(2)
	public boolean put(Control control) throws InterruptedException {
		return TimedHandOff.put(this.target, control);
	}

	/**
	 * Two consumers.
	 * @param control JMH's run control
	 * @return the element taken
	 * @throws InterruptedException never expected
	 */
	@Benchmark
	@Group("capacityOne")
	@GroupThreads(2)
	public Object take(Control control) throws InterruptedException {
		return TimedHandOff.take(this.target, control, this);
	}

}

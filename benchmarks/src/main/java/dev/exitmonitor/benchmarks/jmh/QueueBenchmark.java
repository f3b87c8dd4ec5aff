package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
import dev.exitmonitor.ExitAwareQueue;

/**
 * Hand-off throughput of an {@link ExitAwareQueue} against the queue it wraps, with one producer and one
 * consumer ({@code oneToOne}) and with two of each ({@code twoToTwo}), over a bounded
 * {@link LinkedBlockingQueue} and {@link ArrayBlockingQueue} of {@value #CAPACITY} elements.
 * <p>
 * Producers and consumers use the timed blocking operations, {@code offer(e, timeout)} and
 * {@code poll(timeout)}, which go through the same exit-aware wait as {@code put} and {@code take}, retrying
 * until they succeed: with the untimed ones a consumer would block forever in {@code take()} once the
 * producers stop at the end of an iteration. The score that matters is the consumers' (elements taken per
 * microsecond). Target: the exit-aware queue at least 0.95 times its delegate.
 *
 * @since 0.1.0
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueueBenchmark {

	/** Capacity of the bounded queues. */
	public static final int CAPACITY = 1024;

	private static final long TIMEOUT_MILLIS = 10;

	private static final Object element = new Object();

	/** The queue under test. */
	@Param({ "LinkedBlockingQueue", "ExitAwareQueue(LinkedBlockingQueue)", "ArrayBlockingQueue",
			"ExitAwareQueue(ArrayBlockingQueue)" })
	public String queue;

	private BlockingQueue<Object> target;

	/**
	 * Create the queue for this trial.
	 */
	@Setup(Level.Trial)
	public void createQueue() {
		// Initialize the library (classes, logging) before the warm-up, which then warms up the code measured.
		Exit.monitor();
		this.target = switch (this.queue) {
			case "LinkedBlockingQueue" -> new LinkedBlockingQueue<>(CAPACITY);
			case "ExitAwareQueue(LinkedBlockingQueue)" -> ExitAwareQueue.wrap(new LinkedBlockingQueue<>(CAPACITY));
			case "ArrayBlockingQueue" -> new ArrayBlockingQueue<>(CAPACITY);
			case "ExitAwareQueue(ArrayBlockingQueue)" -> ExitAwareQueue.wrap(new ArrayBlockingQueue<>(CAPACITY));
			default -> throw new IllegalArgumentException("Unknown queue '" + this.queue + "'");
		};
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
		return put(control);
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
		return take(control);
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
		return put(control);
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
		return take(control);
	}

	private boolean put(Control control) throws InterruptedException {
		boolean offered;
		do {
			offered = this.target.offer(element, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		}
		while (!offered && !control.stopMeasurement);
		return offered;
	}

	private Object take(Control control) throws InterruptedException {
		Object taken;
		do {
			taken = this.target.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		}
		while (taken == null && !control.stopMeasurement);
		return (taken != null) ? taken : this;
	}

}

package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import dev.exitmonitor.Exit;

/**
 * Cost of a checkpoint in a hot loop while no stop request is pending anywhere in the JVM: {@link Exit#check()}
 * and {@link Exit#requested()} against {@link Thread#isInterrupted()} and a plain {@code volatile boolean} read.
 * <p>
 * Each benchmark runs in a fresh JVM (JMH forks one per benchmark), in which nothing ever asks a thread to stop,
 * so the process-wide "stop signal raised" word stays clear. Target: at most 1.2 times {@code isInterrupted()}.
 *
 * @since 0.1.0
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CheckpointBenchmark {

	/** The peer: what a hand-written {@code while (running)} loop reads. */
	private volatile boolean stopping;

	/**
	 * {@code Exit.check()}: returns normally (no stop request).
	 */
	@Benchmark
	public void exitCheck() {
		Exit.check();
	}

	/**
	 * {@code Exit.requested()}.
	 * @return {@code false}
	 */
	@Benchmark
	public boolean exitRequested() {
		return Exit.requested();
	}

	/**
	 * The JDK's own checkpoint, {@code Thread.currentThread().isInterrupted()}.
	 * @return {@code false}
	 */
	@Benchmark
	public boolean threadIsInterrupted() {
		return Thread.currentThread().isInterrupted();
	}

	/**
	 * A plain volatile flag read.
	 * @return {@code false}
	 */
	@Benchmark
	public boolean volatileRead() {
		return this.stopping;
	}

}

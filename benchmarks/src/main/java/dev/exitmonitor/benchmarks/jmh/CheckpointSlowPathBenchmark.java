package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.exitmonitor.Exit;
import dev.exitmonitor.Interruption;

/**
 * Cost of {@link Exit#check()} once a stop was requested for some <em>other</em> thread: the process-wide word
 * is raised, so every checkpoint looks up its own thread's state. Informational (the targets concern the
 * no-request path); compare with {@code CheckpointBenchmark.threadIsInterrupted}.
 *
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CheckpointSlowPathBenchmark {

	/**
	 * Ask a thread that never runs to stop, which raises the process-wide stop signal for this fork.
	 */
	@Setup(Level.Trial)
	public void raiseStopSignalElsewhere() {
		Interruption.request(new Thread(() -> {
		}, "never-started"));
	}

	/**
	 * {@code Exit.check()} with a stop pending for another thread.
	 */
	@Benchmark
	public void exitCheckWithStopPendingElsewhere() {
		Exit.check();
	}

}

package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.exitmonitor.ExitAwareExecutor;
import dev.exitmonitor.ExitMonitor;

/**
 * Throughput of submitting small tasks to an {@link ExitAwareExecutor} against the {@link ThreadPoolExecutor} it
 * wraps: each invocation submits {@value #BATCH} tasks with {@code submit(Runnable)}, each counting down a latch,
 * and waits for all of them, so the score (tasks per microsecond) covers submission, hand-off, the task wrapper
 * and completion.
 * <p>
 * Executors, all with {@value #THREADS} threads and an unbounded {@link LinkedBlockingQueue}:
 * {@code ThreadPoolExecutor} (the peer), {@code ExitAwareExecutor.wrap(ThreadPoolExecutor)} (the same pool,
 * wrapped) and {@code ExitAwareExecutor.builder().build()} (the executor's own pool, whose threads obey the
 * monitor). Target: at least 0.95 times the peer.
 *
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExecutorBenchmark {

	/** Tasks submitted per invocation. */
	public static final int BATCH = 100;

	/** Pool size: the cores of the benchmark machine. */
	public static final int THREADS = 2;

	/** The executor under test. */
	@Param({ "ThreadPoolExecutor", "ExitAwareExecutor.wrap(ThreadPoolExecutor)", "ExitAwareExecutor.builder().build()" })
	public String executor;

	private ExecutorService target;

	/**
	 * Create the executor for this trial.
	 */
	@Setup(Level.Trial)
	public void createExecutor() {
		this.target = switch (this.executor) {
			case "ThreadPoolExecutor" -> newPool();
			case "ExitAwareExecutor.wrap(ThreadPoolExecutor)" ->
				ExitAwareExecutor.wrap(ExitMonitor.create("executor-benchmark"), "wrapped", newPool());
			case "ExitAwareExecutor.builder().build()" ->
				ExitAwareExecutor.builder(ExitMonitor.create("executor-benchmark"), "built").threads(THREADS).build();
			default -> throw new IllegalArgumentException("Unknown executor '" + this.executor + "'");
		};
	}

	private static ThreadPoolExecutor newPool() {
		return new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
	}

	/**
	 * Shut the executor down.
	 * @throws InterruptedException if interrupted while waiting
	 */
	@TearDown(Level.Trial)
	public void shutdown() throws InterruptedException {
		this.target.shutdown();
		if (!this.target.awaitTermination(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Executor '" + this.executor + "' did not terminate within 10 s");
		}
	}

	/**
	 * Submit a batch of small tasks and wait for them.
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void submitSmallTasks() throws InterruptedException {
		CountDownLatch done = new CountDownLatch(BATCH);
		Runnable task = done::countDown;
		for (int i = 0; i < BATCH; i++) {
			this.target.submit(task);
		}
		done.await();
	}

}

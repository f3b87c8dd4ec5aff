package dev.exitmonitor.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.exitmonitor.benchmarks.Format;
import dev.exitmonitor.benchmarks.MarkdownTable;
import dev.exitmonitor.benchmarks.Settings;

/**
 * Runs the JMH benchmarks of this package through JMH's Java API and writes their comparison table (each figure
 * with its peer, the ratio and the target) as a Markdown fragment.
 * <p>
 * Usage: {@code java -cp <class path> dev.exitmonitor.benchmarks.jmh.JmhMain <fragment.md> [results.json]}.
 * Knobs (system properties, quick-mode defaults): {@code bench.jmh.forks} (1), {@code bench.jmh.warmup} (3
 * iterations), {@code bench.jmh.iterations} (3), {@code bench.jmh.time-ms} (1000 per iteration),
 * {@code bench.jmh.include} (a regular expression, all benchmarks of this package by default).
 *
 * @since 0.1.0
 */
public final class JmhMain {

	private JmhMain() {
	}

	/**
	 * Run the benchmarks and write the fragment.
	 * @param args the fragment path, then optionally the path of JMH's JSON results
	 * @throws RunnerException if JMH fails
	 * @throws IOException if a file cannot be written
	 */
	public static void main(String[] args) throws RunnerException, IOException {
		if (args.length < 1) {
			throw new IllegalArgumentException("Usage: JmhMain <fragment.md> [results.json]");
		}
		Path fragment = Path.of(args[0]);
		int forks = Settings.intValue("jmh.forks", 1);
		int warmup = Settings.intValue("jmh.warmup", 3);
		int iterations = Settings.intValue("jmh.iterations", 3);
		int timeMillis = Settings.intValue("jmh.time-ms", 1000);
		ChainedOptionsBuilder options = new OptionsBuilder()
			.include(Settings.stringValue("jmh.include", JmhMain.class.getPackageName() + "\\..*Benchmark.*"))
			.forks(forks)
			.warmupIterations(warmup)
			.warmupTime(TimeValue.milliseconds(timeMillis))
			.measurementIterations(iterations)
			.measurementTime(TimeValue.milliseconds(timeMillis))
			.jvmArgsAppend("-Xms512m", "-Xmx512m", "-Dlogback.configurationFile=benchmarks-logback.xml")
			.shouldFailOnError(true);
		if (args.length > 1) {
			options.result(args[1]).resultFormat(ResultFormatType.JSON);
		}
		Collection<RunResult> results = new Runner(options.build()).run();
		Scores scores = new Scores(results);
		String settings = String.format("JDK %s; %d fork(s), %d warm-up and %d measurement iteration(s) of %d ms "
				+ "each; error is JMH's 99.9 %% confidence half-width.", Runtime.version(), forks, warmup, iterations,
				timeMillis);
		String text = "### JMH micro-benchmarks\n\n" + settings + "\n\n" + table(scores).render();
		Files.createDirectories(fragment.toAbsolutePath().getParent());
		Files.writeString(fragment, text);
		System.out.println(text);
	}

	private static MarkdownTable table(Scores scores) {
		MarkdownTable table = new MarkdownTable("figure", "ours", "peer", "peer figure", "ratio ours/peer",
				"target", "met");
		String checkpoint = "CheckpointBenchmark.";
		lowerIsBetter(table, scores, "`Exit.check()`, no stop pending", checkpoint + "exitCheck",
				"`Thread.currentThread().isInterrupted()`", checkpoint + "threadIsInterrupted", 1.2, Double.NaN);
		lowerIsBetter(table, scores, "`Exit.requested()`, no stop pending", checkpoint + "exitRequested",
				"`Thread.currentThread().isInterrupted()`", checkpoint + "threadIsInterrupted", 1.2, Double.NaN);
		lowerIsBetter(table, scores, "`Exit.check()`, no stop pending", checkpoint + "exitCheck",
				"plain `volatile boolean` read", checkpoint + "volatileRead", Double.NaN, Double.NaN);
		lowerIsBetter(table, scores, "`Exit.check()`, a stop pending for another thread",
				"CheckpointSlowPathBenchmark.exitCheckWithStopPendingElsewhere",
				"`Thread.currentThread().isInterrupted()`", checkpoint + "threadIsInterrupted", Double.NaN,
				Double.NaN);
		String critical = "CriticalSectionBenchmark.";
		lowerIsBetter(table, scores, "critical section enter + leave, 1 thread", critical + "criticalSection",
				"`ThreadLocal.get()`", critical + "threadLocalRead", 3, 12);
		lowerIsBetter(table, scores, "critical section enter + leave, 2 threads", critical + "criticalSectionTwoThreads",
				"`ThreadLocal.get()`, 2 threads", critical + "threadLocalReadTwoThreads", 3, 12);
		lowerIsBetter(table, scores, "`System.nanoTime()` (read once by every outermost section entry)",
				critical + "nanoTime", "`ThreadLocal.get()`", critical + "threadLocalRead", Double.NaN, Double.NaN);
		for (String group : new String[] { "oneToOne", "twoToTwo" }) {
			String take = group.equals("oneToOne") ? "take1" : "take2";
			String shape = group.equals("oneToOne") ? "1 producer / 1 consumer" : "2 producers / 2 consumers";
			for (String delegate : new String[] { "LinkedBlockingQueue", "ArrayBlockingQueue" }) {
				String key = "QueueBenchmark." + group + ":" + take;
				higherIsBetter(table, scores, "`ExitAwareQueue(" + delegate + ")`, " + shape + ", elements taken",
						key + "[ExitAwareQueue(" + delegate + ")]", "`" + delegate + "`", key + "[" + delegate + "]",
						0.95);
			}
		}
		for (String delegate : new String[] { "LinkedBlockingQueue", "ArrayBlockingQueue" }) {
			String key = "QueueRoundTripBenchmark.offerThenPoll";
			lowerIsBetter(table, scores, "`ExitAwareQueue(" + delegate + ")`, timed offer + poll on one thread",
					key + "[ExitAwareQueue(" + delegate + ")]", "`" + delegate + "`", key + "[" + delegate + "]",
					Double.NaN, Double.NaN);
		}
		String executor = "ExecutorBenchmark.submitSmallTasks";
		higherIsBetter(table, scores, "`ExitAwareExecutor.wrap(pool)`, small tasks submitted and run",
				executor + "[ExitAwareExecutor.wrap(ThreadPoolExecutor)]", "the same `ThreadPoolExecutor` unwrapped",
				executor + "[ThreadPoolExecutor]", 0.95);
		higherIsBetter(table, scores, "`ExitAwareExecutor.builder().threads(2).build()`, small tasks",
				executor + "[ExitAwareExecutor.builder().build()]", "`ThreadPoolExecutor` (2 threads, unbounded queue)",
				executor + "[ThreadPoolExecutor]", 0.95);
		return table;
	}

	private static void lowerIsBetter(MarkdownTable table, Scores scores, String figure, String oursKey,
			String peerName, String peerKey, double maxRatio, double maxScore) {
		Score ours = scores.get(oursKey);
		Score peer = scores.get(peerKey);
		if (ours == null || peer == null) {
			return;
		}
		double ratio = ours.score() / peer.score();
		String target;
		String met;
		if (Double.isNaN(maxRatio)) {
			target = "(information)";
			met = "";
		}
		else {
			target = "≤ " + maxRatio + "×" + (Double.isNaN(maxScore) ? "" : " and ≤ " + (int) maxScore + " " + ours.unit());
			met = Format.met(ratio <= maxRatio && (Double.isNaN(maxScore) || ours.score() <= maxScore));
		}
		table.row(figure, ours.text(), peerName, peer.text(), Format.ratio(ratio), target, met);
	}

	private static void higherIsBetter(MarkdownTable table, Scores scores, String figure, String oursKey,
			String peerName, String peerKey, double minRatio) {
		Score ours = scores.get(oursKey);
		Score peer = scores.get(peerKey);
		if (ours == null || peer == null) {
			return;
		}
		double ratio = ours.score() / peer.score();
		table.row(figure, ours.text(), peerName, peer.text(), Format.ratio(ratio), "≥ " + minRatio + "×",
				Format.met(ratio >= minRatio));
	}

	/**
	 * One JMH score.
	 *
	 * @param score the score
	 * @param error the 99.9 % confidence half-width, or {@code NaN}
	 * @param unit the unit
	 */
	record Score(double score, double error, String unit) {

		static Score of(Result<?> result) {
			return new Score(result.getScore(), result.getScoreError(), result.getScoreUnit());
		}

		String text() {
			return Format.score(this.score, this.error, this.unit);
		}

	}

	/**
	 * The scores of a run, keyed {@code Class.method[param]} for primary results and
	 * {@code Class.group:method[param]} for the per-method results of a group.
	 */
	static final class Scores {

		private final Map<String, Score> byKey = new HashMap<>();

		Scores(Collection<RunResult> results) {
			for (RunResult run : results) {
				String benchmark = run.getParams().getBenchmark();
				String label = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
				String suffix = paramSuffix(run);
				BenchmarkResult aggregate = run.getAggregatedResult();
				this.byKey.put(label + suffix, Score.of(aggregate.getPrimaryResult()));
				for (Map.Entry<String, Result> secondary : aggregate.getSecondaryResults().entrySet()) {
					this.byKey.put(label + ":" + secondary.getKey() + suffix, Score.of(secondary.getValue()));
				}
			}
		}

		private static String paramSuffix(RunResult run) {
			Collection<String> keys = run.getParams().getParamsKeys();
			if (keys.isEmpty()) {
				return "";
			}
			StringBuilder suffix = new StringBuilder();
			for (String key : keys) {
				suffix.append('[').append(run.getParams().getParam(key)).append(']');
			}
			return suffix.toString();
		}

		@Nullable Score get(String key) {
			return this.byKey.get(key);
		}

	}

}

package dev.exitmonitor.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
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
 * {@code bench.jmh.include} (a regular expression, all benchmarks of this package by default). The
 * benchmarks that run more threads than cores (queue hand-off, executor) run in a second pass with
 * {@code bench.jmh.contended-forks} (2) and {@code bench.jmh.contended-iterations} (5).
 *
 * @since 0.1.0
 */
public final class JmhMain {

	/** Each exit-aware queue that owns its storage, with the JDK queue of the same storage it is compared with. */
	private static final String[][] OWNED_QUEUE_PAIRS = { { BenchmarkQueues.OWNED_LINKED, BenchmarkQueues.LINKED },
			{ BenchmarkQueues.OWNED_ARRAY, BenchmarkQueues.ARRAY } };

	/** The same, with the exit-aware queues that wrap a JDK queue. */
	private static final String[][] QUEUE_PAIRS = { OWNED_QUEUE_PAIRS[0], OWNED_QUEUE_PAIRS[1],
			{ BenchmarkQueues.WRAPPED_LINKED, BenchmarkQueues.LINKED },
			{ BenchmarkQueues.WRAPPED_ARRAY, BenchmarkQueues.ARRAY } };

	/** The benchmarks that run more threads than the machine has cores. */
	static final String CONTENDED = "\\.(QueueBenchmark|HandOffBenchmark|ExecutorBenchmark)\\.";

	/** Every other benchmark class of this package (a new benchmark class belongs in one of the two). */
	static final String NOT_CONTENDED = "\\.(CheckpointBenchmark|CheckpointSlowPathBenchmark|"
			+ "CriticalSectionBenchmark|QueueRoundTripBenchmark)\\.";

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
		String include = Settings.stringValue("jmh.include", JmhMain.class.getPackageName() + "\\..*Benchmark.*");
		Pass quiet = new Pass("single-threaded and uncontended", Settings.intValue("jmh.forks", 1),
				Settings.intValue("jmh.warmup", 3), Settings.intValue("jmh.iterations", 3),
				Settings.intValue("jmh.time-ms", 1000));
		// More threads than cores: the scheduler adds most of the variance, so these get more forks and iterations.
		Pass contended = new Pass("producers, consumers and pools (more threads than cores)",
				Settings.intValue("jmh.contended-forks", 2), quiet.warmup(),
				Settings.intValue("jmh.contended-iterations", 5), quiet.timeMillis());
		List<RunResult> results = new ArrayList<>();
		// Each pass excludes the other's benchmarks, so that the user's include still applies to both.
		results.addAll(quiet.run(include, CONTENDED, resultFile(args, "")));
		results.addAll(contended.run(include, NOT_CONTENDED, resultFile(args, "-contended")));
		Scores scores = new Scores(results);
		String settings = String.format(Locale.ROOT,
				"JDK %s. %s; %s. Error: JMH's 99.9 %% confidence half-width. A verdict is \"within noise\" when the "
						+ "target lies inside the ratio's error (both errors combined).",
				Runtime.version(), quiet.describe(), contended.describe());
		String rows = table(scores).render();
		String text = "### JMH micro-benchmarks\n\n" + settings + "\n\n" + rows;
		if (!scores.missing().isEmpty()) {
			String missing = "**Rows left out**: their benchmark class ran but gave no score under "
					+ String.join(", ", scores.missing()) + " (a renamed benchmark method, group or parameter?).";
			System.err.println(missing);
			text += "\n" + missing + "\n";
		}
		Files.createDirectories(fragment.toAbsolutePath().getParent());
		Files.writeString(fragment, text);
		System.out.println(text);
	}

	private static @Nullable Path resultFile(String[] args, String suffix) {
		if (args.length < 2) {
			return null;
		}
		String name = args[1];
		int dot = name.lastIndexOf('.');
		return Path.of((dot > 0) ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix);
	}

	/**
	 * One JMH run over part of the benchmarks, with its own forks and iterations.
	 *
	 * @param name what the pass measures
	 * @param forks forks per benchmark
	 * @param warmup warm-up iterations
	 * @param iterations measurement iterations
	 * @param timeMillis length of an iteration
	 */
	record Pass(String name, int forks, int warmup, int iterations, int timeMillis) {

		Collection<RunResult> run(String include, String exclude, @Nullable Path json) throws RunnerException {
			ChainedOptionsBuilder options = new OptionsBuilder().include(include)
				.exclude(exclude)
				.forks(this.forks)
				.warmupIterations(this.warmup)
				.warmupTime(TimeValue.milliseconds(this.timeMillis))
				.measurementIterations(this.iterations)
				.measurementTime(TimeValue.milliseconds(this.timeMillis))
				.jvmArgsAppend("-Xms512m", "-Xmx512m", "-Dlogback.configurationFile=benchmarks-logback.xml")
				.shouldFailOnError(true);
			if (json != null) {
				options.result(json.toString()).resultFormat(ResultFormatType.JSON);
			}
			try {
				return new Runner(options.build()).run();
			}
			catch (NoBenchmarksException ex) {
				return List.of();
			}
		}

		String describe() {
			return String.format(Locale.ROOT, "%s: %d fork(s), %d warm-up and %d measurement iteration(s) of %d ms",
					this.name, this.forks, this.warmup, this.iterations, this.timeMillis);
		}

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
		lowerIsBetter(table, scores, "critical section enter + leave, 1 thread", critical + "criticalSection",
				"two bare atomic adds on a field (the floor: a section another thread must see open needs two)",
				critical + "twoAtomicAdds", Double.NaN, Double.NaN);
		lowerIsBetter(table, scores,
				"`System.nanoTime()` (why sections opened before any stop signal are not timed)",
				critical + "nanoTime", "`ThreadLocal.get()`", critical + "threadLocalRead", Double.NaN, Double.NaN);
		for (String group : new String[] { "oneToOne", "twoToTwo" }) {
			String take = group.equals("oneToOne") ? "take1" : "take2";
			String shape = group.equals("oneToOne") ? "1 producer / 1 consumer" : "2 producers / 2 consumers";
			String key = "QueueBenchmark." + group + ":" + take;
			for (String[] pair : QUEUE_PAIRS) {
				higherIsBetter(table, scores, "`" + pair[0] + "`, " + shape + ", elements taken",
						key + "[" + pair[0] + "]", "`" + pair[1] + "`", key + "[" + pair[1] + "]", 0.95);
			}
		}
		for (String[] pair : OWNED_QUEUE_PAIRS) {
			String key = "HandOffBenchmark.capacityOne:take";
			higherIsBetter(table, scores,
					"`" + pair[0].replace("capacity", "1") + "`, 2 producers / 2 consumers, elements taken",
					key + "[" + pair[0] + "]", "`" + pair[1] + "` of capacity 1", key + "[" + pair[1] + "]", 0.95);
		}
		for (String[] pair : QUEUE_PAIRS) {
			String key = "QueueRoundTripBenchmark.offerThenPoll";
			lowerIsBetter(table, scores, "`" + pair[0] + "`, timed offer + poll on one thread",
					key + "[" + pair[0] + "]", "`" + pair[1] + "`", key + "[" + pair[1] + "]", Double.NaN, Double.NaN);
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
			boolean ratioMet = ratio <= maxRatio;
			boolean scoreMet = Double.isNaN(maxScore) || ours.score() <= maxScore;
			boolean withinNoise = ratioUncertainty(ours, peer, ratio) >= Math.abs(ratio - maxRatio)
					|| (!Double.isNaN(maxScore) && !Double.isNaN(ours.error())
							&& ours.error() >= Math.abs(ours.score() - maxScore));
			met = verdict(ratioMet && scoreMet, withinNoise);
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
		boolean withinNoise = ratioUncertainty(ours, peer, ratio) >= Math.abs(ratio - minRatio);
		table.row(figure, ours.text(), peerName, peer.text(), Format.ratio(ratio), "≥ " + minRatio + "×",
				verdict(ratio >= minRatio, withinNoise));
	}

	/** The ratio's error: the two relative errors combined in quadrature. */
	private static double ratioUncertainty(Score ours, Score peer, double ratio) {
		if (Double.isNaN(ours.error()) || Double.isNaN(peer.error())) {
			return 0;
		}
		double relativeOurs = ours.error() / ours.score();
		double relativePeer = peer.error() / peer.score();
		return ratio * Math.sqrt(relativeOurs * relativeOurs + relativePeer * relativePeer);
	}

	private static String verdict(boolean met, boolean withinNoise) {
		return Format.met(met) + (withinNoise ? " (within noise)" : "");
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
	 * {@code Class.group:method[param]} for the per-method results of a group. Remembers the keys asked for in
	 * vain whose benchmark class did run, so that a table row cannot vanish unnoticed.
	 */
	static final class Scores {

		private final Map<String, Score> byKey = new HashMap<>();

		private final Set<String> missing = new TreeSet<>();

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

		/**
		 * Create the scores from their keys.
		 * @param byKey the scores by key
		 */
		Scores(Map<String, Score> byKey) {
			this.byKey.putAll(byKey);
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
			Score score = this.byKey.get(key);
			if (score == null) {
				String benchmarkClass = key.substring(0, key.indexOf('.') + 1);
				if (this.byKey.keySet().stream().anyMatch((present) -> present.startsWith(benchmarkClass))) {
					this.missing.add("`" + key + "`");
				}
			}
			return score;
		}

		/**
		 * Return the keys asked for in vain although their benchmark class ran.
		 * @return the keys, sorted
		 */
		Set<String> missing() {
			return this.missing;
		}

	}

}

package dev.exitmonitor.benchmarks.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.exitmonitor.benchmarks.Format;
import dev.exitmonitor.benchmarks.MarkdownTable;
import dev.exitmonitor.benchmarks.Settings;
import dev.exitmonitor.benchmarks.Stats;
import dev.exitmonitor.benchmarks.latency.Contender.Outcome;
import dev.exitmonitor.benchmarks.latency.Contender.Role;
import dev.exitmonitor.benchmarks.latency.Contender.Trial;

/**
 * Shutdown-latency harness (a plain main, not JMH): the time from "exit begins" to "every worker stopped" for N
 * workers blocked waiting for work, for Exit Monitor, Spring's {@code ThreadPoolTaskExecutor} (default and
 * graceful), Guava's {@code ServiceManager}, and the physical limit (park/unpark), on platform and virtual
 * threads; with two references: the floor of waking by interrupt ({@link InterruptFloor}) and a JDK queue's
 * hand-off with no stop at all ({@link QueueHandOffReference}).
 * <p>
 * Each repetition runs every contender once, in turn, so that drift and noise of the machine spread evenly; one
 * unmeasured warm-up round comes first (except for 10,000 platform threads, where the smaller sizes already
 * warmed the code up). Before each timed stop the workers are all blocked and a GC has run.
 * <p>
 * Usage: {@code java -cp <class path> dev.exitmonitor.benchmarks.latency.ShutdownLatencyMain <fragment.md>}.
 * Knobs (system properties, quick-mode defaults): {@code bench.latency.kinds} ({@code platform}, plus
 * {@code virtual} on JDK 21+), {@code bench.latency.sizes} ({@code 1,100,10000}), repetitions
 * {@code bench.latency.reps.small} (21, for N ≤ 10), {@code bench.latency.reps.medium} (11, for N ≤ 1,000),
 * {@code bench.latency.reps.large-platform} (3), {@code bench.latency.reps.large-virtual} (11),
 * {@code bench.latency.reps.graceful} (3, at most, as each costs the await period),
 * {@code bench.latency.await-ms} (1000, the graceful Spring setup's await-termination period), and
 * {@code bench.latency.only} (a regular expression a contender's name must contain, for exploring; all by
 * default).
 *
 * @since 0.1.0
 */
public final class ShutdownLatencyMain {

	private static final long SETTLE_MILLIS = 50;

	private ShutdownLatencyMain() {
	}

	/**
	 * Run the harness and write its Markdown fragment.
	 * @param args the fragment path
	 * @throws Exception if a contender fails
	 */
	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			throw new IllegalArgumentException("Usage: ShutdownLatencyMain <fragment.md>");
		}
		Path fragment = Path.of(args[0]);
		List<ThreadKind> kinds = new ArrayList<>();
		for (String name : Settings.stringValue("latency.kinds", ThreadKind.VIRTUAL.isSupported() ? "platform,virtual"
				: "platform").split(",")) {
			kinds.add(ThreadKind.parse(name));
		}
		List<Integer> sizes = Settings.intList("latency.sizes", "1,100,10000");
		Duration await = Duration.ofMillis(Settings.intValue("latency.await-ms", 1000));
		StringBuilder text = new StringBuilder();
		for (ThreadKind kind : kinds) {
			if (!kind.isSupported()) {
				text.append("### Shutdown latency, ").append(kind).append(" threads\n\nSkipped: JDK ")
					.append(Runtime.version())
					.append(" has no virtual threads; run the harness on JDK 21+.\n\n");
				continue;
			}
			text.append(runKind(kind, sizes, await));
		}
		Files.createDirectories(fragment.toAbsolutePath().getParent());
		Files.writeString(fragment, text);
		System.out.println(text);
		// Platform threads of a broken contender could keep the JVM alive.
		System.exit(0);
	}

	private static String runKind(ThreadKind kind, List<Integer> sizes, Duration await) throws Exception {
		SpringExecutorContender graceful = SpringExecutorContender.graceful(await);
		Pattern only = Pattern.compile(Settings.stringValue("latency.only", ".*"));
		List<Contender> contenders = Stream
			.of(new ParkUnparkLimit(), new InterruptFloor(), new QueueHandOffReference(), ExitMonitorContender.take(),
					ExitMonitorContender.wrappedTake(), ExitMonitorContender.sleep(), new WorkerGroupContender(),
					SpringExecutorContender.interrupting(), graceful, new GuavaServiceManagerContender())
			.filter((contender) -> only.matcher(contender.name()).find())
			.toList();
		MarkdownTable table = new MarkdownTable("workers", "contender", "median", "p99", "stopper busy (median)",
				"runs", "ratio", "note");
		List<String> verdicts = new ArrayList<>();
		for (int size : sizes) {
			int reps = repetitions(size, kind);
			int gracefulReps = Math.min(reps, Settings.intValue("latency.reps.graceful", 3));
			boolean warmUp = !(kind == ThreadKind.PLATFORM && size > 1000);
			log("%s threads, N=%d: %d repetitions%s", kind, size, reps, warmUp ? " after one warm-up round" : "");
			if (warmUp) {
				for (Contender contender : contenders) {
					if (contender != graceful) {
						run(contender, size, kind);
					}
				}
			}
			Map<Contender, List<Outcome>> outcomes = new LinkedHashMap<>();
			contenders.forEach((contender) -> outcomes.put(contender, new ArrayList<>()));
			Random random = new Random(size);
			for (int rep = 0; rep < reps; rep++) {
				// A new order each round, so that no contender always runs right after the same other one.
				List<Contender> round = new ArrayList<>(contenders);
				Collections.shuffle(round, random);
				for (Contender contender : round) {
					if (contender == graceful && rep >= gracefulReps) {
						continue;
					}
					Outcome outcome = run(contender, size, kind);
					outcomes.get(contender).add(outcome);
				}
			}
			addRows(table, verdicts, size, outcomes, graceful);
		}
		String title = String.format(Locale.ROOT, "### Shutdown latency, %s threads (JDK %s)%n%n", kind,
				Runtime.version());
		String explanation = "Time from \"exit begins\" to \"every worker stopped\", each worker blocked waiting for "
				+ "work on its own queue (a shared queue adds a lock convoy on wake-up to every queue-based contender "
				+ "alike). \"Stopper busy\" is how long the call that begins the exit kept the stopping thread. "
				+ "Ratio: a peer against ours (the `ExitAwareQueue.linked().take()` row), ours against the limit, "
				+ "against the interrupt floor (what waking by interrupt costs at least) and against the queue "
				+ "hand-off reference (threads in a JDK queue woken by an element, no stop at all), on medians.\n\n";
		return title + explanation + table.render() + "\n" + String.join("\n", verdicts) + "\n\n";
	}

	private static int repetitions(int size, ThreadKind kind) {
		if (size <= 10) {
			return Settings.intValue("latency.reps.small", 21);
		}
		if (size <= 1000) {
			return Settings.intValue("latency.reps.medium", 11);
		}
		return (kind == ThreadKind.PLATFORM) ? Settings.intValue("latency.reps.large-platform", 3)
				: Settings.intValue("latency.reps.large-virtual", 11);
	}

	private static Outcome run(Contender contender, int size, ThreadKind kind) throws Exception {
		Trial trial = contender.start(size, kind);
		Outcome outcome;
		try {
			System.gc();
			// Let the collector's and the just-started threads' after-effects settle before the clock starts.
			Thread.sleep(SETTLE_MILLIS);
			outcome = trial.stop();
		}
		finally {
			trial.close();
		}
		return outcome;
	}

	private static void addRows(MarkdownTable table, List<String> verdicts, int size,
			Map<Contender, List<Outcome>> outcomes, SpringExecutorContender graceful) {
		Stats limit = null;
		// What ours is also compared with, by the label of the ratio.
		Map<String, Stats> references = new LinkedHashMap<>();
		Stats ours = null;
		outcomes.values().removeIf(List::isEmpty);
		for (Map.Entry<Contender, List<Outcome>> entry : outcomes.entrySet()) {
			Contender contender = entry.getKey();
			Stats stats = Stats.ofNanos(entry.getValue().stream().map(Outcome::nanos).toList());
			if (contender.role() == Role.LIMIT) {
				limit = stats;
			}
			else if (contender instanceof InterruptFloor) {
				references.put("interrupt floor", stats);
			}
			else if (contender instanceof QueueHandOffReference) {
				references.put("queue hand-off", stats);
			}
			else if (contender instanceof ExitMonitorContender exitMonitor && exitMonitor.isReference()) {
				ours = stats;
			}
		}
		for (Map.Entry<Contender, List<Outcome>> entry : outcomes.entrySet()) {
			Contender contender = entry.getKey();
			List<Outcome> runs = entry.getValue();
			Stats stats = Stats.ofNanos(runs.stream().map(Outcome::nanos).toList());
			Stats stopper = Stats.ofNanos(runs.stream().map(Outcome::stopperNanos).toList());
			String median = Format.millis(stats.medianMillis());
			String p99 = Format.millis(stats.p99Millis());
			String ratio = "";
			String note = "";
			if (contender.role() == Role.OURS && limit != null) {
				double toLimit = stats.medianMillis() / limit.medianMillis();
				boolean met = toLimit <= 1.25;
				ratio = "ours/limit " + Format.ratio(toLimit);
				note = "target ≤ 1.25× the limit: " + Format.met(met);
				StringBuilder inRatio = new StringBuilder();
				StringBuilder inVerdict = new StringBuilder();
				for (Map.Entry<String, Stats> reference : references.entrySet()) {
					String toReference = Format.ratio(stats.medianMillis() / reference.getValue().medianMillis());
					inRatio.append(", ours/").append(reference.getKey()).append(' ').append(toReference);
					inVerdict.append("; ours/").append(reference.getKey()).append(" = ").append(toReference);
				}
				ratio += inRatio;
				verdicts.add(String.format(Locale.ROOT, "- N=%,d, %s: ours/limit = %s (target ≤ 1.25×): %s%s", size,
						contender.name(), Format.ratio(toLimit), met ? "met" : "**not met**", inVerdict));
			}
			else if (contender.role() == Role.PEER && ours != null) {
				ratio = "peer/ours " + Format.ratio(stats.medianMillis() / ours.medianMillis());
			}
			if (contender == graceful) {
				long capped = runs.stream().filter(Outcome::capped).count();
				int alive = runs.stream().mapToInt(Outcome::threadsStillAlive).max().orElse(0);
				if (capped > 0) {
					median = "≥ " + median;
					p99 = "≥ " + p99;
					ratio = "peer/ours ≥ " + Format.ratio(stats.medianMillis() / ((ours != null) ? ours.medianMillis()
							: Double.NaN));
					note = String.format(Locale.ROOT, "capped at the %,d ms await in %d of %d runs; up to %,d of %,d "
							+ "threads still alive after `shutdown()` returned (nothing told the tasks to stop)",
							graceful.awaitTermination().toMillis(), capped, runs.size(), alive, size);
				}
			}
			table.row(String.format(Locale.ROOT, "%,d", size), contender.name(), median, p99,
					Format.millis(stopper.medianMillis()), String.valueOf(stats.count()), ratio, note);
		}
	}

	private static void log(String format, Object... args) {
		System.err.printf(Locale.ROOT, "[latency] " + format + "%n", args);
	}

}

package dev.exitmonitor.benchmarks.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.benchmarks.Classpaths;
import dev.exitmonitor.benchmarks.Format;
import dev.exitmonitor.benchmarks.MarkdownTable;
import dev.exitmonitor.benchmarks.Settings;
import dev.exitmonitor.benchmarks.Stats;

/**
 * Process-level measurements of {@link ShutdownApp}: SIGTERM ({@link Process#destroy()}) to process exit, and
 * context start-up, each launched as {@code java -cp <class path> ShutdownApp <mode>} and repeated; medians are
 * reported.
 * <p>
 * Scenarios: (a) {@code workers} with the starter; (b) {@code plain} without the starter (the floor); (b8)
 * {@code threads} without the starter (the floor with the same threads as (a), stopped by nothing); (s)
 * {@code plain} with the starter (start-up cost of the starter); (c) {@code executor} without the starter; and,
 * unless {@code bench.process.tlab-control} is {@code false}, (a16) and (b16): (a) and (b) again with small fixed
 * thread-local allocation buffers, a control for the young collection that the workers' threads' buffers set off
 * during (a)'s shutdown. The class path "without the starter" is the launcher's own class path with the Exit
 * Monitor jars removed. Each round runs the scenarios in a new random order.
 * <p>
 * Usage: {@code java -cp <class path> dev.exitmonitor.benchmarks.process.ProcessLatencyMain <fragment.md>
 * [log folder]}. Knobs (system properties, quick-mode defaults): {@code bench.process.reps} (7),
 * {@code bench.process.reps-executor} (3), {@code bench.process.reps-tlab-control} (5, for (a16) and (b16)),
 * {@code bench.process.settle-ms} (500, the pause between READY and
 * SIGTERM) and {@code bench.process.lifecycle-timeout} (Spring's {@code spring.lifecycle.timeout-per-shutdown-phase}
 * for every launch; Spring's default of 30 s when not set).
 *
 * @since 0.1.0
 */
public final class ProcessLatencyMain {

	private static final Pattern READY = Pattern
		.compile("READY startup-ms=(-?\\d+) exit-monitor=(\\w+) uptime-ms=(\\d+) cpu-ms=(-?\\d+)");

	/** A GC pause in the JVM's unified log with uptime decorations: {@code [1.234s] GC(3) Pause Young ... 19.8ms}. */
	private static final Pattern GC_PAUSE = Pattern
		.compile("^\\[(\\d+(?:\\.\\d+)?)s\\].* Pause .* (\\d+(?:\\.\\d+)?)ms$");

	/**
	 * JVM options of the control pair (a16)/(b16): small fixed thread-local allocation buffers. By default each
	 * thread's first allocation reserves a buffer sized from the young generation, so the workers' threads, which
	 * allocate a little and then block, hold part of the young generation that (b), with no such threads, has free
	 * (on the development machine the heap in use at READY was 33.2 MB for (a) and 30.8 MB for the same app
	 * without workers; with 16 KB buffers 31.1 and 30.3 MB, and no collection during the shutdown). Small fixed
	 * buffers slow every allocation, so only the pair's ratio compares, not its times with (a) and (b).
	 */
	private static final List<String> SMALL_FIXED_TLABS = List.of("-XX:TLABSize=16k", "-XX:-ResizeTLAB");

	private static final long PATIENCE_SECONDS = 180;

	/** How often the launcher looks for the READY line; bounds the error of the launch-to-ready time. */
	private static final long POLL_MILLIS = 5;

	private ProcessLatencyMain() {
	}

	/**
	 * Run the measurements and write the Markdown fragment.
	 * @param args the fragment path, then optionally a folder for the applications' logs
	 * @throws Exception if a launch fails
	 */
	public static void main(String[] args) throws Exception {
		if (args.length < 1) {
			throw new IllegalArgumentException("Usage: ProcessLatencyMain <fragment.md> [log folder]");
		}
		Path fragment = Path.of(args[0]);
		Path logs = (args.length > 1) ? Path.of(args[1]) : Files.createTempDirectory("shutdown-app-logs");
		Files.createDirectories(logs);
		int reps = Settings.intValue("process.reps", 7);
		int executorReps = Settings.intValue("process.reps-executor", 3);
		int tlabControlReps = Settings.intValue("process.reps-tlab-control", 5);
		long settleMillis = Settings.intValue("process.settle-ms", 500);
		String lifecycleTimeout = Settings.stringValue("process.lifecycle-timeout", "");
		boolean tlabControl = Settings.booleanValue("process.tlab-control", true);
		String fullClasspath = System.getProperty("java.class.path");
		String strippedClasspath = Classpaths.withoutExitMonitor(fullClasspath);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<Scenario> scenarios = new ArrayList<>(List.of(
				new Scenario("a", "workers", fullClasspath, true, reps, List.of()),
				new Scenario("b", "plain", strippedClasspath, false, reps, List.of()),
				new Scenario("b8", "threads", strippedClasspath, false, reps, List.of()),
				new Scenario("s", "plain", fullClasspath, true, reps, List.of()),
				new Scenario("c", "executor", strippedClasspath, false, executorReps, List.of())));
		if (tlabControl) {
			scenarios.add(new Scenario("a16", "workers", fullClasspath, true, tlabControlReps, SMALL_FIXED_TLABS));
			scenarios.add(new Scenario("b16", "plain", strippedClasspath, false, tlabControlReps, SMALL_FIXED_TLABS));
		}
		Map<Scenario, List<Run>> runs = new LinkedHashMap<>();
		scenarios.forEach((scenario) -> runs.put(scenario, new ArrayList<>()));
		Random random = new Random(42);
		int rounds = scenarios.stream().mapToInt(Scenario::reps).max().orElse(0);
		for (int round = 0; round < rounds; round++) {
			List<Scenario> order = new ArrayList<>(scenarios);
			Collections.shuffle(order, random);
			for (Scenario scenario : order) {
				if (round < scenario.reps()) {
					Run run = launch(java, scenario, lifecycleTimeout, settleMillis,
							logs.resolve(scenario.id() + "-" + scenario.mode() + "-" + round + ".log"));
					log("(%s) %s: start-up %d ms (CPU %d ms), SIGTERM to exit %.0f ms, exit code %d", scenario.id(),
							scenario.mode(), run.startupMillis(), run.cpuMillisToReady(), run.shutdownNanos() / 1e6,
							run.exitCode());
					runs.get(scenario).add(run);
				}
			}
		}
		String text = report(runs, lifecycleTimeout);
		Files.createDirectories(fragment.toAbsolutePath().getParent());
		Files.writeString(fragment, text);
		System.out.println(text);
	}

	private static Run launch(String java, Scenario scenario, String lifecycleTimeout, long settleMillis, Path log)
			throws Exception {
		List<String> command = new ArrayList<>(List.of(java, "-cp", scenario.classpath()));
		command.addAll(scenario.jvmOptions());
		if (!lifecycleTimeout.isEmpty()) {
			command.add("-Dspring.lifecycle.timeout-per-shutdown-phase=" + lifecycleTimeout);
		}
		Path gcLog = Path.of(log + ".gc");
		command.add("-Xlog:gc:file=" + gcLog + ":uptime");
		command.add(ShutdownApp.class.getName());
		command.add(scenario.mode());
		// Output goes to a file, not a pipe: a pipe's reader races with the JDK draining it when the process exits.
		long launched = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		String readyLine = awaitReadyLine(process, log, launched);
		long readyAt = System.nanoTime();
		Matcher matcher = READY.matcher(readyLine);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected READY line '" + readyLine + "'; see " + log);
		}
		boolean present = matcher.group(2).equals("present");
		if (present != scenario.expectExitMonitor()) {
			process.destroyForcibly();
			throw new IllegalStateException("Scenario (" + scenario.id() + ") expected Exit Monitor to be "
					+ (scenario.expectExitMonitor() ? "present" : "absent") + " but it was " + matcher.group(2));
		}
		Thread.sleep(settleMillis);
		long signalled = System.nanoTime();
		process.destroy();
		if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Scenario (" + scenario.id() + ") did not exit within " + PATIENCE_SECONDS
					+ " s of SIGTERM; see " + log);
		}
		long exited = System.nanoTime();
		boolean timedOut = Files.readString(log, StandardCharsets.UTF_8).contains("still running after timeout");
		long gcPauseNanos = gcPauseNanosAfter(gcLog, Long.parseLong(matcher.group(3)));
		return new Run(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(4)), readyAt - launched,
				exited - signalled, process.exitValue(), timedOut, gcPauseNanos);
	}

	/**
	 * Sum the GC pauses the JVM logged after it reported READY: with nothing running between READY and SIGTERM,
	 * these are pauses of the shutdown (a young collection whose timing the heap's fill level at start-up decides).
	 */
	private static long gcPauseNanosAfter(Path gcLog, long readyUptimeMillis) throws IOException {
		long total = 0;
		for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
			Matcher pause = GC_PAUSE.matcher(line.trim());
			if (pause.matches() && Double.parseDouble(pause.group(1)) * 1000 >= readyUptimeMillis) {
				total += Math.round(Double.parseDouble(pause.group(2)) * 1_000_000);
			}
		}
		return total;
	}

	private static String awaitReadyLine(Process process, Path log, long launched) throws Exception {
		long deadline = launched + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
		while (System.nanoTime() < deadline) {
			String output = Files.readString(log, StandardCharsets.UTF_8);
			int at = output.indexOf("READY ");
			int end = (at >= 0) ? output.indexOf('\n', at) : -1;
			if (end >= 0) {
				return output.substring(at, end);
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("The application ended with exit code " + process.exitValue()
						+ " without printing READY; see " + log);
			}
			Thread.sleep(POLL_MILLIS);
		}
		process.destroyForcibly();
		throw new IllegalStateException("The application did not print READY within " + PATIENCE_SECONDS + " s; see "
				+ log);
	}

	private static String report(Map<Scenario, List<Run>> runs, String lifecycleTimeout) {
		Map<String, List<Run>> byId = new LinkedHashMap<>();
		runs.forEach((scenario, list) -> byId.put(scenario.id(), list));
		Stats workers = shutdown(byId.get("a"));
		Stats floor = shutdown(byId.get("b"));
		Stats plainWithStarter = shutdown(byId.get("s"));
		Stats executor = shutdown(byId.get("c"));
		Stats startupWith = startup(byId.get("s"));
		Stats startupWithout = startup(byId.get("b"));
		Stats launchWith = launchToReady(byId.get("s"));
		Stats launchWithout = launchToReady(byId.get("b"));
		MarkdownTable table = new MarkdownTable("figure", "ours", "peer", "peer figure", "ratio", "target", "met");
		double ratioA = workers.medianMillis() / floor.medianMillis();
		table.row("(a) SIGTERM → exit, " + ShutdownApp.WORKERS + " `@BackgroundWorker`s blocked, with the starter",
				summary(workers), "(b) same app, no workers, no starter (floor)", summary(floor),
				"a/b " + Format.ratio(ratioA), "≤ 1.2×", Format.met(ratioA <= 1.2));
		double ratioC = executor.medianMillis() / workers.medianMillis();
		table.row("(a) SIGTERM → exit, with the starter", summary(workers),
				"(c) " + ShutdownApp.WORKERS + " tasks blocked in `take()` on Boot's `applicationTaskExecutor`, no starter",
				summary(executor), "c/a " + Format.ratio(ratioC), "≥ 100×", Format.met(ratioC >= 100));
		double ratioS = startupWith.medianMillis() / startupWithout.medianMillis();
		table.row("context start-up (Boot's `ApplicationReadyEvent` time), no workers, with the starter",
				summary(startupWith), "same app without the starter", summary(startupWithout),
				Format.ratio(ratioS), "≤ 1.05×", Format.met(ratioS <= 1.05));
		double ratioL = launchWith.medianMillis() / launchWithout.medianMillis();
		table.row("launch → ready (JVM start included), no workers, with the starter", summary(launchWith),
				"same app without the starter", summary(launchWithout), Format.ratio(ratioL), "(information)", "");
		Stats cpuWith = cpuToReady(byId.get("s"));
		Stats cpuWithout = cpuToReady(byId.get("b"));
		// The CPU time to READY is the work the starter adds, with little of the scheduling noise of the times above.
		if (cpuWith != null && cpuWithout != null) {
			double ratioU = cpuWith.medianMillis() / cpuWithout.medianMillis();
			table.row("CPU time from launch to ready (every thread: JIT compilers and GC included), no workers, "
					+ "with the starter", summary(cpuWith), "same app without the starter", summary(cpuWithout),
					Format.ratio(ratioU), "(information)", "");
		}
		double ratioP = plainWithStarter.medianMillis() / floor.medianMillis();
		table.row("SIGTERM → exit, no workers, with the starter", summary(plainWithStarter),
				"(b) no workers, no starter (floor)", summary(floor), Format.ratio(ratioP), "(information)", "");
		Stats plainThreads = shutdown(byId.get("b8"));
		double ratioT8 = workers.medianMillis() / plainThreads.medianMillis();
		table.row("(a) SIGTERM → exit, " + ShutdownApp.WORKERS + " `@BackgroundWorker`s stopped and joined",
				summary(workers), "(b8) same app, no starter, the same " + ShutdownApp.WORKERS
						+ " threads plain and blocked in `LinkedBlockingQueue.take()`, stopped by nothing",
				summary(plainThreads), "a/b8 " + Format.ratio(ratioT8), "(information)", "");
		Stats workersWithoutGc = shutdownWithoutGc(byId.get("a"));
		Stats floorWithoutGc = shutdownWithoutGc(byId.get("b"));
		double ratioG = workersWithoutGc.medianMillis() / floorWithoutGc.medianMillis();
		table.row("(a) SIGTERM → exit less the GC pauses during the shutdown", summary(workersWithoutGc),
				"(b) less its GC pauses", summary(floorWithoutGc), "a/b " + Format.ratio(ratioG), "(information)", "");
		if (byId.containsKey("a16")) {
			Stats workersSmallTlabs = shutdown(byId.get("a16"));
			Stats floorSmallTlabs = shutdown(byId.get("b16"));
			double ratioT = workersSmallTlabs.medianMillis() / floorSmallTlabs.medianMillis();
			table.row("(a16) as (a), with small fixed TLABs (`" + String.join(" ", SMALL_FIXED_TLABS)
					+ "`; only the ratio compares with a/b)", summary(workersSmallTlabs), "(b16) as (b), same options",
					summary(floorSmallTlabs), "a16/b16 " + Format.ratio(ratioT), "(information)", "");
		}
		String timeout = lifecycleTimeout.isEmpty() ? "Spring's default of 30 s"
				: lifecycleTimeout + " (set lower than Spring's 30 s default to keep the run short)";
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT, "### Process level (JDK %s)%n%n", Runtime.version()));
		text.append("Each scenario launched as `java -cp <class path> ShutdownApp <mode>` and stopped with ")
			.append("`Process.destroy()` (SIGTERM) ")
			.append("once ready and every worker blocked; median (min–max) over the runs shown. ")
			.append("`spring.lifecycle.timeout-per-shutdown-phase`: ")
			.append(timeout)
			.append(". Exit codes: ")
			.append(exitCodes(runs))
			.append(" (143 = ended by SIGTERM, as after any clean SIGTERM shutdown). Spring logged a shutdown phase ")
			.append("ending with a bean still running after its timeout in ")
			.append(timeouts(runs))
			.append(". GC pauses after READY, that is during the shutdown (from `-Xlog:gc`): ")
			.append(gcPauses(runs))
			.append(": whether the shutdown's first allocations find the young generation full depends on how full ")
			.append("start-up left it, not on the code that runs at exit. One cause in (a): each worker thread's first ")
			.append("allocation reserves a thread-local allocation buffer sized from the young generation, which the ")
			.append("blocked thread keeps; (b8) has the same threads without the starter, and (a16)/(b16), when run, ")
			.append("repeat (a)/(b) with small fixed buffers (their GC pause counts are above).\n\n");
		text.append(table.render());
		return text.toString();
	}

	private static String exitCodes(Map<Scenario, List<Run>> runs) {
		List<String> codes = new ArrayList<>();
		runs.forEach((scenario, list) -> codes.add("(" + scenario.id() + ") "
				+ list.stream().map((run) -> String.valueOf(run.exitCode())).distinct().toList()));
		return String.join(", ", codes);
	}

	private static String timeouts(Map<Scenario, List<Run>> runs) {
		List<String> counts = new ArrayList<>();
		runs.forEach((scenario, list) -> counts.add("(" + scenario.id() + ") "
				+ list.stream().filter(Run::lifecycleTimedOut).count() + " of " + list.size() + " runs"));
		return String.join(", ", counts);
	}

	private static String gcPauses(Map<Scenario, List<Run>> runs) {
		List<String> counts = new ArrayList<>();
		runs.forEach((scenario, list) -> {
			List<Run> paused = list.stream().filter((run) -> run.gcPauseNanos() > 0).toList();
			String median = "";
			if (!paused.isEmpty()) {
				Stats pauses = Stats.ofNanos(paused.stream().map(Run::gcPauseNanos).toList());
				median = ", median " + Format.millis(pauses.medianMillis());
			}
			counts.add("(" + scenario.id() + ") in " + paused.size() + " of " + list.size() + " runs" + median);
		});
		return String.join("; ", counts);
	}

	private static String summary(Stats stats) {
		return Format.millis(stats.medianMillis()) + " (" + Format.millis(stats.minMillis()) + "–"
				+ Format.millis(stats.maxMillis()) + ", " + stats.count() + " runs)";
	}

	private static Stats shutdown(@Nullable List<Run> runs) {
		return Stats.ofNanos(requireRuns(runs).stream().map(Run::shutdownNanos).toList());
	}

	private static Stats shutdownWithoutGc(@Nullable List<Run> runs) {
		return Stats.ofNanos(requireRuns(runs).stream().map((run) -> run.shutdownNanos() - run.gcPauseNanos()).toList());
	}

	private static Stats startup(@Nullable List<Run> runs) {
		return Stats.ofNanos(requireRuns(runs).stream().map((run) -> run.startupMillis() * 1_000_000).toList());
	}

	/** CPU time to READY, or {@code null} if the operating system told it in none of the runs. */
	private static @Nullable Stats cpuToReady(@Nullable List<Run> runs) {
		List<Long> nanos = requireRuns(runs).stream()
			.filter((run) -> run.cpuMillisToReady() >= 0)
			.map((run) -> run.cpuMillisToReady() * 1_000_000)
			.toList();
		return nanos.isEmpty() ? null : Stats.ofNanos(nanos);
	}

	private static Stats launchToReady(@Nullable List<Run> runs) {
		return Stats.ofNanos(requireRuns(runs).stream().map(Run::launchToReadyNanos).toList());
	}

	private static List<Run> requireRuns(@Nullable List<Run> runs) {
		if (runs == null || runs.isEmpty()) {
			throw new IllegalStateException("A scenario has no runs: set bench.process.reps to at least 1");
		}
		return runs;
	}

	private static void log(String format, Object... args) {
		System.err.printf(Locale.ROOT, "[process] " + format + "%n", args);
	}

	/**
	 * One way of launching the application.
	 *
	 * @param id the scenario's letter in the results
	 * @param mode the application's mode
	 * @param classpath the class path
	 * @param expectExitMonitor whether the Exit Monitor auto-configuration must be active
	 * @param reps how many runs
	 * @param jvmOptions extra options of the application's JVM
	 */
	record Scenario(String id, String mode, String classpath, boolean expectExitMonitor, int reps,
			List<String> jvmOptions) {
	}

	/**
	 * What one launch measured.
	 *
	 * @param startupMillis Boot's start-up time
	 * @param cpuMillisToReady CPU time of every thread of the process up to READY, or {@code -1} if unknown
	 * @param launchToReadyNanos from launching the JVM to reading READY
	 * @param shutdownNanos from SIGTERM to the process's exit
	 * @param exitCode the exit code
	 * @param lifecycleTimedOut whether Spring logged that a shutdown phase ended with a bean still running
	 * @param gcPauseNanos the GC pauses the JVM logged after READY, in total
	 */
	record Run(long startupMillis, long cpuMillisToReady, long launchToReadyNanos, long shutdownNanos, int exitCode,
			boolean lifecycleTimedOut, long gcPauseNanos) {
	}

}

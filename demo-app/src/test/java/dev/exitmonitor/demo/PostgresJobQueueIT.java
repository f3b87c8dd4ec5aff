package dev.exitmonitor.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.exitmonitor.demo.DemoProcess.Exit;
import dev.exitmonitor.demo.PostgresServer.Database;

import static dev.exitmonitor.demo.ProcessTests.SIGKILL_EXIT_CODE;
import static dev.exitmonitor.demo.ProcessTests.SIGTERM_EXIT_CODE;
import static dev.exitmonitor.demo.ProcessTests.assertExitPhasesInOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process-level tests of the job queue on a real PostgreSQL server: the packaged application is started,
 * left to work for a random while and stopped with SIGTERM or SIGKILL, again and again until the queue
 * is empty; then every job must have been processed, exactly once under SIGTERM. Each test has its own
 * database on the class's server.
 */
class PostgresJobQueueIT {

	@RegisterExtension
	static final PostgresServer postgres = new PostgresServer();

	private static final int JOBS = 10_000;

	/** Fixed, so that the run lengths repeat; override with {@code -Ddemo.it.seed=...}. */
	private static final long SEED = Long.getLong("demo.it.seed", 6L);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration MIN_RUN = Duration.ofMillis(200);

	private static final Duration MAX_RUN = Duration.ofSeconds(3);

	/** A bound on the loop in case the application stops making progress. */
	private static final int MAX_RUNS = 60;

	/** Threads of the {@code job-consumer} worker: at most this many jobs are in flight at a kill. */
	private static final int CONSUMER_THREADS = 4;

	/** Short simulated work, so that 10,000 jobs take about a dozen runs on a loaded two-core machine. */
	private static final List<String> WORK = List.of("--demo.jobs.work-min=0ms", "--demo.jobs.work-max=3ms");

	@Test
	void sigtermNeitherLosesNorRepeatsAJob() throws Exception {
		Database database = postgres.createDatabase("sigterm_runs");
		try (JobTable table = JobTable.migrate(database)) {
			table.enqueue(JOBS);
			Random random = new Random(SEED);
			System.out.println("SIGTERM runs: " + JOBS + " jobs, seed " + SEED);
			Path directory = ProcessTests.scratchDirectory("sigterm-runs");
			List<String> arguments = new ArrayList<>(WORK);
			arguments.add("--exit-monitor.shutdown.timeout=" + SHUTDOWN_TIMEOUT.toSeconds() + "s");
			Duration allowed = SHUTDOWN_TIMEOUT.plusSeconds(1);
			long started = System.nanoTime();
			int runs = 0;
			long processedInRuns = 0;
			long finishedOnExits = 0;
			Duration longestShutdown = Duration.ZERO;
			while (table.pending() > 0) {
				assertThat(runs).as("runs without emptying the queue").isLessThan(MAX_RUNS);
				runs++;
				String instance = "sigterm-run-" + runs;
				Duration runTime = runTime(random);
				try (DemoProcess app = start(instance, directory, database, arguments)) {
					assertThat(app.runFor(runTime)).as("%s still running after %s (log %s)", app, runTime,
							app.logFile()).isTrue();
					Exit exit = app.stop();
					long processed = table.processedBy(instance);
					// Finished during the exit: in flight when the workers were told to stop (right after the early
					// callbacks), or claimed while the early callbacks ran.
					long finishedOnExit = table.processedBy(instance, app.earlyExitAt());
					System.out.printf("SIGTERM run %d: started in %d ms, ran %d ms, processed %d job(s), %d of them "
							+ "finished after the early exit phase began, exit code %d %d ms after SIGTERM%n", runs,
							app.startUp().toMillis(), runTime.toMillis(), processed, finishedOnExit, exit.code(),
							exit.took().toMillis());
					assertThat(exit.code()).as("exit code of %s (log %s)", app, app.logFile())
						.isIn(SIGTERM_EXIT_CODE, 0);
					assertThat(exit.took()).as("time from SIGTERM to exit of %s (log %s)", app, app.logFile())
						.isLessThanOrEqualTo(allowed);
					assertExitPhasesInOrder(app);
					assertThat(app.processedInThisRun()).as("jobs the late phase of %s reports", app)
						.isEqualTo(processed);
					// A job claimed when the exit began was finished, not left claimed.
					assertThat(table.leasedBy(instance)).as("jobs %s left claimed", app).isZero();
					processedInRuns += processed;
					finishedOnExits += finishedOnExit;
					longestShutdown = max(longestShutdown, exit.took());
				}
			}
			long lost = table.lost();
			long duplicated = table.duplicatedResults();
			long claimedTwice = table.claimedMoreThanOnce();
			System.out.printf("SIGTERM totals: runs=%d, jobs=%d, lost=%d, duplicated=%d, claimed twice=%d, "
					+ "finished during the exit=%d, longest shutdown %d ms (allowed %d ms), test took %d s%n", runs,
					table.jobs(), lost, duplicated, claimedTwice, finishedOnExits, longestShutdown.toMillis(),
					allowed.toMillis(), seconds(started));
			assertThat(table.jobs()).isEqualTo(JOBS);
			assertThat(table.results()).as("result rows").isEqualTo(JOBS);
			assertThat(lost).as("jobs without a result").isZero();
			assertThat(duplicated).as("duplicated results").isZero();
			assertThat(table.inconsistent()).as("jobs whose status and result disagree").isZero();
			assertThat(claimedTwice).as("jobs claimed more than once").isZero();
			assertThat(processedInRuns).as("jobs processed over all runs").isEqualTo(JOBS);
			// The signals did catch jobs in flight: the test exercised finishing them during the exit.
			assertThat(finishedOnExits).as("jobs finished during the exit").isPositive();
		}
	}

	@Test
	void sigkillLosesNoJobAndRepeatsOnlyJobsInFlightAtAKill() throws Exception {
		Database database = postgres.createDatabase("sigkill_runs");
		try (JobTable table = JobTable.migrate(database)) {
			table.enqueue(JOBS);
			Random random = new Random(SEED);
			System.out.println("SIGKILL runs: " + JOBS + " jobs, seed " + SEED);
			Path directory = ProcessTests.scratchDirectory("sigkill-runs");
			List<String> arguments = new ArrayList<>(WORK);
			// Jobs held by a killed process are claimed again by the next run, which takes longer than this to
			// start.
			arguments.add("--demo.jobs.lease=2s");
			long started = System.nanoTime();
			int runs = 0;
			long inFlightAtKills = 0;
			while (table.pending() > 0) {
				assertThat(runs).as("runs without emptying the queue").isLessThan(MAX_RUNS);
				runs++;
				String instance = "sigkill-run-" + runs;
				Duration runTime = runTime(random);
				try (DemoProcess app = start(instance, directory, database, arguments)) {
					assertThat(app.runFor(runTime)).as("%s still running after %s (log %s)", app, runTime,
							app.logFile()).isTrue();
					Exit exit = app.kill();
					table.awaitNoConnectionsOf(instance);
					// Claimed by this process and neither finished nor released: it died holding them.
					long inFlight = table.leasedBy(instance);
					System.out.printf("SIGKILL run %d: started in %d ms, ran %d ms, processed %d job(s), "
							+ "%d in flight at the kill, exit code %d%n", runs, app.startUp().toMillis(),
							runTime.toMillis(), table.processedBy(instance), inFlight, exit.code());
					assertThat(exit.code()).as("exit code of %s", app).isEqualTo(SIGKILL_EXIT_CODE);
					assertThat(inFlight).as("jobs in flight at the kill of %s", app)
						.isLessThanOrEqualTo(CONSUMER_THREADS);
					inFlightAtKills += inFlight;
				}
			}
			long lost = table.lost();
			long duplicated = table.duplicatedResults();
			long reclaimed = table.claimedMoreThanOnce();
			long extraClaims = table.extraClaims();
			System.out.printf("SIGKILL totals: runs=%d, jobs=%d, lost=%d, duplicated results=%d, "
					+ "reprocessed=%d job(s) claimed again after a kill (%d extra claim(s); %d job(s) were in flight "
					+ "at the kills), test took %d s%n", runs, table.jobs(), lost, duplicated, reclaimed, extraClaims,
					inFlightAtKills, seconds(started));
			assertThat(table.jobs()).isEqualTo(JOBS);
			assertThat(table.results()).as("result rows").isEqualTo(JOBS);
			assertThat(lost).as("jobs without a result").isZero();
			assertThat(duplicated).as("duplicated results").isZero();
			assertThat(table.inconsistent()).as("jobs whose status and result disagree").isZero();
			// Every claim beyond the first is the claim of a job that a killed process held.
			assertThat(extraClaims).as("claims beyond the first").isEqualTo(inFlightAtKills);
		}
	}

	@Test
	void idleApplicationShutsDownFast() throws Exception {
		Database database = postgres.createDatabase("idle");
		JobTable.migrate(database).close();
		try (DemoProcess app = start("idle", ProcessTests.scratchDirectory("idle"), database, List.of())) {
			// Empty queue: the consumers wait in Exit.sleep between polls, the line server in select().
			assertThat(app.runFor(Duration.ofSeconds(1))).as("%s still running (log %s)", app, app.logFile())
				.isTrue();
			Exit exit = app.stop();
			System.out.printf("Idle shutdown: exit code %d %d ms after SIGTERM (started in %d ms)%n", exit.code(),
					exit.took().toMillis(), app.startUp().toMillis());
			assertThat(exit.code()).as("exit code (log %s)", app.logFile()).isIn(SIGTERM_EXIT_CODE, 0);
			assertThat(exit.took()).as("time from SIGTERM to exit (log %s)", app.logFile())
				.isLessThan(Duration.ofSeconds(5));
			assertExitPhasesInOrder(app);
			assertThat(app.processedInThisRun()).isZero();
		}
	}

	private static DemoProcess start(String instance, Path directory, Database database, List<String> arguments)
			throws Exception {
		// The run's name is its connections' application name, and its lease owner and processed_by value.
		List<String> all = new ArrayList<>(database.applicationArguments(instance));
		all.addAll(arguments);
		all.add("--demo.instance-id=" + instance);
		return DemoProcess.start(instance, DemoLauncher.fast(), directory, all).awaitStarted();
	}

	private static Duration runTime(Random random) {
		long span = MAX_RUN.toMillis() - MIN_RUN.toMillis();
		return MIN_RUN.plusMillis((long) (random.nextDouble() * (span + 1)));
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static long seconds(long startedNanos) {
		return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
	}

}

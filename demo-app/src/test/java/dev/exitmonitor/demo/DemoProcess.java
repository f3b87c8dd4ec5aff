package dev.exitmonitor.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

/**
 * The demo application running as a child process ({@code java -jar}), with its merged output in a
 * file: {@link Process#destroy()} closes the process's pipes, so reading them would lose what the
 * application logs while it shuts down.
 */
final class DemoProcess implements AutoCloseable {

	/** Generous: a start takes 5–30 s on this loaded machine, more with a cold cache. */
	private static final Duration START_UP_TIMEOUT = Duration.ofMinutes(3);

	/** How long to wait for an exit before giving up on the process (the assertions are much tighter). */
	private static final Duration EXIT_WAIT_LIMIT = Duration.ofMinutes(2);

	private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Pattern LINE_SERVER_PORT = Pattern.compile("Line server listening on port (\\d+)");

	private static final Pattern PROCESSED = Pattern.compile("LATE EXIT PHASE: processed (\\d+) job");

	private static final Pattern EARLY_EXIT_AT = Pattern.compile("(?m)^(\\S+)\\s.*EARLY EXIT PHASE");

	private final String name;

	private final Process process;

	private final Path output;

	private final long startedNanos;

	private Duration startUp = Duration.ZERO;

	private DemoProcess(String name, Process process, Path output, long startedNanos) {
		this.name = name;
		this.process = process;
		this.output = output;
		this.startedNanos = startedNanos;
	}

	/**
	 * Start the application; ports 0 (free ports) for HTTP and the line server.
	 * @param name name of this run, for messages
	 * @param launcher how to start the jar
	 * @param workingDirectory the process's working directory (created; the H2 default lives under
	 * {@code ./data} in it)
	 * @param args further application arguments
	 * @return the running process
	 * @throws IOException if the process cannot be started
	 */
	static DemoProcess start(String name, DemoLauncher launcher, Path workingDirectory, List<String> args)
			throws IOException {
		Files.createDirectories(workingDirectory);
		List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--demo.line-server.port=0"));
		appArgs.addAll(args);
		Path output = workingDirectory.resolve(name.replaceAll("[^A-Za-z0-9-]", "-") + ".log");
		long started = System.nanoTime();
		Process process = new ProcessBuilder(launcher.command(appArgs)).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		return new DemoProcess(name, process, output, started);
	}

	/**
	 * Wait until the log says {@code Started DemoApplication}; fail at once if the process ends first.
	 * @return this process
	 */
	DemoProcess awaitStarted() {
		Awaitility.await(this.name + " to start (log " + this.output + ")")
			.atMost(START_UP_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.failFast("the application ended during start-up; log " + this.output, () -> !this.process.isAlive())
			.until(() -> log().contains("Started DemoApplication"));
		this.startUp = Duration.ofNanos(System.nanoTime() - this.startedNanos);
		return this;
	}

	/**
	 * Let the application run for a while: wait for the process to end, at most {@code duration}.
	 * @param duration how long the application runs
	 * @return whether the process is still running afterwards
	 * @throws InterruptedException if the test thread is interrupted
	 */
	boolean runFor(Duration duration) throws InterruptedException {
		return !this.process.waitFor(duration.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Send SIGTERM ({@link Process#destroy()}) and wait for the process to end.
	 * @return the exit code and the time from the signal to the end
	 * @throws InterruptedException if the test thread is interrupted
	 */
	Exit stop() throws InterruptedException {
		long signalled = System.nanoTime();
		this.process.destroy();
		return awaitExit(signalled);
	}

	/**
	 * Send SIGKILL ({@link Process#destroyForcibly()}) and wait for the process to end.
	 * @return the exit code and the time from the signal to the end
	 * @throws InterruptedException if the test thread is interrupted
	 */
	Exit kill() throws InterruptedException {
		long signalled = System.nanoTime();
		this.process.destroyForcibly();
		return awaitExit(signalled);
	}

	private Exit awaitExit(long signalled) throws InterruptedException {
		boolean ended = this.process.waitFor(EXIT_WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - signalled);
		if (!ended) {
			this.process.destroyForcibly();
			throw new AssertionError(
					this.name + " did not end within " + EXIT_WAIT_LIMIT + " of the signal; log " + this.output);
		}
		return new Exit(this.process.exitValue(), took);
	}

	/**
	 * Return the time from the start of the process to {@code Started DemoApplication}.
	 * @return the start-up time
	 */
	Duration startUp() {
		return this.startUp;
	}

	/**
	 * Return the output so far.
	 * @return the output
	 */
	String log() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path logFile() {
		return this.output;
	}

	int httpPort() {
		return find(TOMCAT_PORT);
	}

	int lineServerPort() {
		return find(LINE_SERVER_PORT);
	}

	/**
	 * Return what the late exit phase logged as processed in this run.
	 * @return the count
	 */
	long processedInThisRun() {
		return find(PROCESSED);
	}

	/**
	 * Return when the early exit phase began, from the time stamp of its log line.
	 * @return the time
	 */
	Instant earlyExitAt() {
		return Instant.parse(group(EARLY_EXIT_AT));
	}

	private int find(Pattern pattern) {
		return Integer.parseInt(group(pattern));
	}

	private String group(Pattern pattern) {
		Matcher matcher = pattern.matcher(log());
		if (!matcher.find()) {
			throw new AssertionError("No '" + pattern + "' in the log of " + this.name + " (" + this.output + ")");
		}
		return matcher.group(1);
	}

	@Override
	public void close() {
		// A test that failed half-way must not leave the application running.
		this.process.destroyForcibly();
	}

	@Override
	public String toString() {
		return this.name;
	}

	/**
	 * How the process ended.
	 *
	 * @param code the exit code
	 * @param took the time from the signal to the end of the process
	 */
	record Exit(int code, Duration took) {

	}

}

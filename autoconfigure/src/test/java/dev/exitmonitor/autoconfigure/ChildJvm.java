package dev.exitmonitor.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Test helper: a JVM started with {@link ProcessBuilder} running a main class from the test class path.
 * Its merged output goes to a file ({@link Process#destroy()} closes the process's pipes, so reading
 * them would lose what the child prints while it shuts down).
 */
final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final Path output;

	private ChildJvm(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
		return start(List.of(), mainClass, args);
	}

	static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// Start quickly: the child runs for a few seconds only.
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(List.of(args));
		Path output = Files.createTempFile("child-jvm-", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		return new ChildJvm(process, output);
	}

	/**
	 * Wait for a line equal to the text.
	 */
	void awaitLine(String text, Duration timeout) {
		Awaitility.await("line '" + text + "' in child output")
			.atMost(timeout)
			.until(() -> indexOf(text) >= 0 || !this.process.isAlive());
		if (indexOf(text) < 0) {
			throw new AssertionError("Child ended without printing '" + text + "': " + lines());
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Send SIGTERM ({@link Process#destroy()}).
	 */
	void terminate() {
		this.process.destroy();
	}

	/**
	 * Wait for the child to exit.
	 * @return the exit code
	 */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("Child JVM did not exit within " + timeout + "; output: " + lines());
		}
		return this.process.exitValue();
	}

	List<String> lines() {
		try {
			return Files.readAllLines(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Index of the first line equal to the text, or -1.
	 */
	int indexOf(String text) {
		return lines().indexOf(text);
	}

	@Override
	public void close() throws IOException {
		this.process.destroyForcibly();
		Files.deleteIfExists(this.output);
	}

}

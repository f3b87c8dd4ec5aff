package dev.exitmonitor.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the command lines that start the packaged demo jar ({@code System.getProperty("demo.jar")},
 * set by failsafe) with the {@code java} of the test JVM.
 * <p>
 * Two launches: {@link #packagedJar()} runs the repackaged jar as a user does ({@code java -jar
 * demo.jar}); {@link #fast()} runs the same jar extracted with Spring Boot's {@code jarmode=tools}
 * ({@code java -jar extracted/demo.jar}, the layout Spring Boot recommends for CDS) with a class data
 * sharing archive made by one training run (15–40 s). On a loaded two-core machine a plain start took
 * 35–80 s (15–40 s with the options below) and a CDS start 4–15 s, and the process tests start the
 * application about 25 times. The archive is
 * made once per JDK and jar (kept in {@code target/process-tests}); if making it fails, the fast launch
 * falls back to the packaged jar, and says so.
 */
final class DemoLauncher {

	/** Options that make a short-lived JVM start faster; they do not change what the application does. */
	private static final List<String> START_UP_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(5);

	private static DemoLauncher fast;

	private final String description;

	private final List<String> javaAndJar;

	private DemoLauncher(String description, List<String> javaAndJar) {
		this.description = description;
		this.javaAndJar = List.copyOf(javaAndJar);
	}

	/**
	 * The packaged jar, started as {@code java -jar demo.jar}.
	 * @return the launcher
	 */
	static DemoLauncher packagedJar() {
		List<String> command = new ArrayList<>();
		command.add(java());
		command.addAll(START_UP_OPTIONS);
		command.add("-jar");
		command.add(demoJar().toString());
		return new DemoLauncher("packaged jar " + demoJar(), command);
	}

	/**
	 * The packaged jar, extracted and started with a CDS archive (made at the first call).
	 * @return the launcher
	 */
	static synchronized DemoLauncher fast() {
		if (fast == null) {
			fast = prepareFast();
			System.out.println("Demo launch for the process tests: " + fast.description);
		}
		return fast;
	}

	/**
	 * Return the command that starts the application with the given arguments.
	 * @param args the application arguments
	 * @return the command
	 */
	List<String> command(List<String> args) {
		List<String> command = new ArrayList<>(this.javaAndJar);
		command.addAll(args);
		return command;
	}

	@Override
	public String toString() {
		return this.description;
	}

	private static DemoLauncher prepareFast() {
		Path jar = demoJar();
		long started = System.nanoTime();
		try {
			String stamp = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + "-"
					+ System.getProperty("java.vm.version");
			Path home = jar.resolveSibling("process-tests").resolve("cds-" + Runtime.version().feature());
			Path extracted = home.resolve("extracted");
			Path extractedJar = extracted.resolve(jar.getFileName());
			Path archive = home.resolve("demo.jsa");
			Path stampFile = home.resolve("stamp");
			if (Files.isRegularFile(archive) && Files.isRegularFile(extractedJar) && Files.isRegularFile(stampFile)
					&& Files.readString(stampFile).equals(stamp)) {
				return fastLauncher(extractedJar, archive, "reused");
			}
			deleteRecursively(home);
			Files.createDirectories(home);
			run(home, "extract", List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
					extracted.toString()));
			Path training = Files.createDirectories(home.resolve("training"));
			List<String> train = new ArrayList<>();
			train.add(java());
			train.addAll(START_UP_OPTIONS);
			train.add("-XX:ArchiveClassesAtExit=" + archive);
			// Spring Boot's training run: refresh the context (H2 default in a scratch directory), then exit.
			train.addAll(List.of("-Dspring.context.exit=onRefresh", "-jar", extractedJar.toString(),
					"--server.port=0", "--demo.line-server.port=0"));
			run(training, "training", train);
			if (!Files.isRegularFile(archive)) {
				throw new IllegalStateException("the training run made no archive " + archive);
			}
			Files.writeString(stampFile, stamp);
			return fastLauncher(extractedJar, archive,
					"made in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
		}
		catch (IOException | RuntimeException ex) {
			System.out.println("Could not prepare the CDS launch (" + ex + "); using the packaged jar");
			return packagedJar();
		}
	}

	private static DemoLauncher fastLauncher(Path extractedJar, Path archive, String how) {
		List<String> command = new ArrayList<>();
		command.add(java());
		command.addAll(START_UP_OPTIONS);
		command.add("-XX:SharedArchiveFile=" + archive);
		command.add("-jar");
		command.add(extractedJar.toString());
		return new DemoLauncher("extracted jar " + extractedJar + " with CDS archive " + archive + " (" + how + ")",
				command);
	}

	private static void run(Path directory, String name, List<String> command) throws IOException {
		Path output = directory.resolve(name + ".log");
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		try {
			if (!process.waitFor(TRAINING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(name + " did not finish within " + TRAINING_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException(name + " was interrupted", ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(name + " ended with exit code " + process.exitValue() + ": "
					+ Files.readString(output, StandardCharsets.UTF_8));
		}
	}

	static Path demoJar() {
		String jar = Objects.requireNonNull(System.getProperty("demo.jar"),
				"System property 'demo.jar' is not set; run the process tests with failsafe (mvn verify)");
		Path path = Path.of(jar);
		if (!Files.isRegularFile(path)) {
			throw new IllegalStateException("The demo jar " + path + " does not exist; run 'mvn verify'");
		}
		return path;
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static void deleteRecursively(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path each : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
				Files.delete(each);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

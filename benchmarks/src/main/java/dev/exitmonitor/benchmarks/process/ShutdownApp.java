package dev.exitmonitor.benchmarks.process;

import java.util.Map;

import org.springframework.boot.SpringApplication;

/**
 * The small Spring Boot application of the process-level measurements. One argument chooses what it runs:
 * <ul>
 * <li>{@code workers}: {@value #WORKERS} {@code @BackgroundWorker} threads (Exit Monitor starter) blocked in
 * {@code ExitAwareQueue.take()};</li>
 * <li>{@code plain}: nothing (the floor), with or without the starter on the class path;</li>
 * <li>{@code threads}: {@value #WORKERS} plain threads, managed by nothing, blocked in
 * {@code BlockingQueue.take()}: the floor with the same threads as {@code workers};</li>
 * <li>{@code executor}: {@value #WORKERS} tasks blocked in {@code BlockingQueue.take()} on Boot's
 * {@code applicationTaskExecutor}, the way Boot users run background loops today.</li>
 * </ul>
 * The application keeps running ({@code spring.main.keep-alive}) and prints its READY line (see
 * {@link ReadyReporter}) once its context is ready and every worker is blocked; the launcher then sends SIGTERM.
 * Only the {@code workers} configuration refers to Exit Monitor classes, so the other modes run on a class path
 * without them.
 *
 * @since 0.1.0
 */
public final class ShutdownApp {

	/** Number of workers or tasks: the core size of Boot's default application task executor. */
	public static final int WORKERS = 8;

	private ShutdownApp() {
	}

	/**
	 * Start the application.
	 * @param args the mode ({@code workers}, {@code plain}, {@code threads} or {@code executor}), then Spring Boot
	 * arguments
	 */
	public static void main(String[] args) {
		String mode = (args.length > 0) ? args[0] : "plain";
		Class<?>[] sources = switch (mode) {
			case "plain" -> new Class<?>[] { AppConfiguration.class };
			case "workers" -> new Class<?>[] { AppConfiguration.class, WorkersConfiguration.class };
			case "threads" -> new Class<?>[] { AppConfiguration.class, PlainThreadsConfiguration.class };
			case "executor" -> new Class<?>[] { AppConfiguration.class, ExecutorTasksConfiguration.class };
			default -> throw new IllegalArgumentException(
					"Unknown mode '" + mode + "': use plain, workers, threads or executor");
		};
		SpringApplication application = new SpringApplication(sources);
		application.setDefaultProperties(Map.of("spring.main.keep-alive", "true", "spring.main.banner-mode", "off"));
		application.run(args);
	}

}

package dev.exitmonitor.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Class path surgery for the process-level runs: the same application is launched with the starter on the class
 * path and, for the runs "without the starter", with every Exit Monitor artifact (core, auto-configuration,
 * starter) removed from it.
 *
 * @since 0.1.0
 */
public final class Classpaths {

	/** Jars of the published modules, as Maven names them in a repository or a module's {@code target}. */
	private static final Pattern EXIT_MONITOR_JAR = Pattern
		.compile("exit-monitor-(core|spring-boot|spring-boot-starter)-.*\\.jar");

	/** Output folders of the published modules when a reactor build resolves them as folders. */
	private static final Pattern EXIT_MONITOR_CLASSES = Pattern
		.compile(".*[/\\\\](core|autoconfigure|starter)[/\\\\]target[/\\\\](test-)?classes[/\\\\]?");

	private Classpaths() {
	}

	/**
	 * Remove the Exit Monitor core, auto-configuration and starter from a class path, keeping every other entry
	 * (including this module's own classes) in order.
	 * @param classpath entries separated by {@link File#pathSeparator}
	 * @return the class path without them
	 */
	public static String withoutExitMonitor(String classpath) {
		List<String> kept = new ArrayList<>();
		for (String entry : classpath.split(Pattern.quote(File.pathSeparator))) {
			if (!entry.isEmpty() && !isExitMonitorEntry(entry)) {
				kept.add(entry);
			}
		}
		return String.join(File.pathSeparator, kept);
	}

	/**
	 * Whether a class path entry is one of the published Exit Monitor modules.
	 * @param entry a jar or folder path
	 * @return {@code true} for core, auto-configuration or starter
	 */
	public static boolean isExitMonitorEntry(String entry) {
		String name = new File(entry).getName();
		return EXIT_MONITOR_JAR.matcher(name).matches() || EXIT_MONITOR_CLASSES.matcher(entry).matches();
	}

}

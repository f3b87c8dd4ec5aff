package dev.exitmonitor.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the benchmark knobs that {@code benchmarks/run} passes as system properties ({@code -Dbench.*}), with
 * the quick-mode defaults.
 *
 * @since 0.1.0
 */
public final class Settings {

	private Settings() {
	}

	/**
	 * Return an integer setting.
	 * @param name the property name, without the {@code bench.} prefix
	 * @param defaultValue the value when the property is not set
	 * @return the value
	 * @throws IllegalArgumentException if the property is set but not an integer
	 */
	public static int intValue(String name, int defaultValue) {
		String value = System.getProperty("bench." + name);
		if (value == null || value.isBlank()) {
			return defaultValue;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"System property 'bench." + name + "' must be an integer, but was '" + value + "'", ex);
		}
	}

	/**
	 * Return a boolean setting.
	 * @param name the property name, without the {@code bench.} prefix
	 * @param defaultValue the value when the property is not set
	 * @return the value
	 * @throws IllegalArgumentException if the property is set to anything but {@code true} or {@code false}
	 */
	public static boolean booleanValue(String name, boolean defaultValue) {
		String value = stringValue(name, String.valueOf(defaultValue));
		if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
			return Boolean.parseBoolean(value);
		}
		throw new IllegalArgumentException(
				"System property 'bench." + name + "' must be 'true' or 'false', but was '" + value + "'");
	}

	/**
	 * Return a string setting.
	 * @param name the property name, without the {@code bench.} prefix
	 * @param defaultValue the value when the property is not set
	 * @return the value
	 */
	public static String stringValue(String name, String defaultValue) {
		String value = System.getProperty("bench." + name);
		return (value == null || value.isBlank()) ? defaultValue : value.trim();
	}

	/**
	 * Return a comma-separated integer list setting, such as {@code 1,100,10000}.
	 * @param name the property name, without the {@code bench.} prefix
	 * @param defaultValue the value when the property is not set
	 * @return the values
	 * @throws IllegalArgumentException if an element is not an integer
	 */
	public static List<Integer> intList(String name, String defaultValue) {
		List<Integer> values = new ArrayList<>();
		for (String element : stringValue(name, defaultValue).split(",")) {
			if (!element.isBlank()) {
				try {
					values.add(Integer.parseInt(element.trim()));
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("System property 'bench." + name
							+ "' must be a comma-separated list of integers, but had '" + element + "'", ex);
				}
			}
		}
		return values;
	}

}

package dev.exitmonitor.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the {@code META-INF/spring-configuration-metadata.json} that
 * {@code spring-boot-configuration-processor} generates for {@link ExitMonitorProperties}: what an IDE
 * shows for every {@code exit-monitor.*} property.
 */
class ConfigurationMetadataTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	@Test
	void everyExitMonitorPropertyHasADescription() throws IOException {
		List<Map<String, Object>> properties = exitMonitorProperties();
		assertThat(properties).extracting((property) -> property.get("name")).contains("exit-monitor.enabled",
				"exit-monitor.keep-alive", "exit-monitor.shutdown.timeout", "exit-monitor.workers");
		assertThat(properties).allSatisfy((property) -> assertThat(property.get("description"))
			.as("description of %s", property.get("name"))
			.asString()
			.isNotBlank());
	}

	@Test
	void scalarPropertiesWithDefaultsDeclareTheirDefaultValue() throws IOException {
		Map<String, Object> defaults = new LinkedHashMap<>();
		exitMonitorProperties().forEach((property) -> defaults.put((String) property.get("name"),
				property.get("defaultValue")));
		// phases.* need explicit metadata: they are initialized from constants of other classes
		// (EarlyExitLifecycle.DEFAULT_PHASE, LateExitLifecycle.DEFAULT_PHASE), which the processor does not evaluate.
		assertThat(defaults).contains(entry("exit-monitor.enabled", true),
				entry("exit-monitor.shutdown.timeout", "20s"),
				entry("exit-monitor.shutdown.straggler-policy", "escalate"),
				entry("exit-monitor.shutdown.escalation-grace", "5s"),
				entry("exit-monitor.shutdown.abort-exit-code", 70),
				entry("exit-monitor.phases.early", Integer.MAX_VALUE),
				entry("exit-monitor.phases.late", Integer.MIN_VALUE),
				entry("exit-monitor.executor.pending", "drain"));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> exitMonitorProperties() throws IOException {
		Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(readOwnMetadata());
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		return properties.stream()
			.filter((property) -> ((String) property.get("name")).startsWith("exit-monitor."))
			.toList();
	}

	/**
	 * Read the metadata of this module's build output, not that of a Spring Boot jar.
	 */
	private static String readOwnMetadata() throws IOException {
		String ownLocation = ExitMonitorProperties.class.getProtectionDomain().getCodeSource().getLocation().toString();
		ClassLoader classLoader = ExitMonitorProperties.class.getClassLoader();
		for (URL url : Collections.list(classLoader.getResources(METADATA))) {
			if (url.toString().contains(ownLocation)) {
				try (InputStream input = url.openStream()) {
					return new String(input.readAllBytes(), StandardCharsets.UTF_8);
				}
			}
		}
		throw new AssertionError("No " + METADATA + " under " + ownLocation
				+ ": is spring-boot-configuration-processor listed in the compiler's annotationProcessorPaths?");
	}

}

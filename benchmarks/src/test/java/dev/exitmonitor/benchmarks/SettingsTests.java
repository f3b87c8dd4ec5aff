package dev.exitmonitor.benchmarks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Settings}: knobs come from {@code bench.*} system properties, fall back to their defaults when
 * unset or blank, and refuse values of the wrong kind with a message that names the property.
 */
class SettingsTests {

	private static final String PROPERTY = "bench.settings-test";

	@AfterEach
	void clearProperty() {
		System.clearProperty(PROPERTY);
	}

	@Test
	void booleanFallsBackToItsDefaultWhenUnsetOrBlank() {
		assertThat(Settings.booleanValue("settings-test", true)).isTrue();
		System.setProperty(PROPERTY, " ");
		assertThat(Settings.booleanValue("settings-test", false)).isFalse();
	}

	@Test
	void booleanReadsTrueAndFalseInAnyCase() {
		System.setProperty(PROPERTY, "FALSE");
		assertThat(Settings.booleanValue("settings-test", true)).isFalse();
		System.setProperty(PROPERTY, " true ");
		assertThat(Settings.booleanValue("settings-test", false)).isTrue();
	}

	@Test
	void booleanRefusesAnythingElse() {
		System.setProperty(PROPERTY, "yes");
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.booleanValue("settings-test", true))
			.withMessage("System property 'bench.settings-test' must be 'true' or 'false', but was 'yes'");
	}

	@Test
	void integerRefusesANonNumber() {
		System.setProperty(PROPERTY, "ten");
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.intValue("settings-test", 1))
			.withMessage("System property 'bench.settings-test' must be an integer, but was 'ten'");
	}

}

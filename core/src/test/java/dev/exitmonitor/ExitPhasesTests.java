package dev.exitmonitor;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.exitmonitor.child.MainReturnsMain;
import dev.exitmonitor.child.ShutdownHookMain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ExitPhases}, in child JVMs so that the global monitor of this JVM stays running.
 */
class ExitPhasesTests {

	@Test
	void sigtermRunsEarlyCallbacksThenStopsWorkersThenRunsLateCallbacks() throws Exception {
		try (ChildJvm child = ChildJvm.start(ShutdownHookMain.class)) {
			child.awaitLine("READY", Duration.ofSeconds(30));
			long signalled = System.nanoTime();
			child.terminate();
			int exitCode = child.awaitExit(Duration.ofSeconds(30));
			Duration shutdown = Duration.ofNanos(System.nanoTime() - signalled);
			// 143 = 128 + SIGTERM: the JVM's exit code after a signal, even when shutdown is clean.
			assertThat(exitCode).as(child.lines().toString()).isEqualTo(143);
			assertThat(child.indexOf("EARLY JVM_SHUTDOWN")).as(child.lines().toString()).isNotNegative();
			assertThat(child.indexOf("WORKER stopped by ThreadExit, interrupted=false"))
				.isGreaterThan(child.indexOf("EARLY JVM_SHUTDOWN"));
			assertThat(child.indexOf("LATE JVM_SHUTDOWN"))
				.isGreaterThan(child.indexOf("WORKER stopped by ThreadExit"));
			assertThat(child.indexOf("LATE registered by early")).isGreaterThan(child.indexOf("LATE JVM_SHUTDOWN"));
			// The worker was idle in an exit-aware wait: nothing should wait for the 5 s timeout.
			assertThat(shutdown).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void jvmExitsWhenMainReturnsWhileOnlyMonitoredWorkersRun() throws Exception {
		try (ChildJvm child = ChildJvm.start(MainReturnsMain.class)) {
			int exitCode = child.awaitExit(Duration.ofSeconds(30));
			assertThat(exitCode).as(child.lines().toString()).isZero();
			assertThat(child.indexOf("WORKER stopped by ThreadExit")).isGreaterThan(child.indexOf("MAIN returns"));
			assertThat(child.indexOf("LATE MAIN_RETURNED")).isGreaterThan(child.indexOf("WORKER stopped"));
		}
	}

	@Test
	void shutdownTimeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> ExitPhases.installShutdownHook(Duration.ZERO))
			.withMessageContaining("'shutdownTimeout' must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> ExitPhases.exitWhenMainReturns(Duration.ofSeconds(-1)))
			.withMessageContaining("'shutdownTimeout' must be positive");
	}

}

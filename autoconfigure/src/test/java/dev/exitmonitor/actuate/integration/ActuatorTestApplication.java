package dev.exitmonitor.actuate.integration;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.autoconfigure.ExitMonitorApplicationTerminator;
import dev.exitmonitor.spring.BackgroundWorker;

/**
 * Small application for the integration tests: a loop worker that ticks, one that fails once and
 * restarts, one that fails for good, and one for the write operation to control. The context does not
 * scan: only these beans and the auto-configuration.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ActuatorTestApplication.Workers.class)
class ActuatorTestApplication {

	/**
	 * Properties shared by the tests: expose the endpoints, show health details, restart quickly, and
	 * never keep the test JVM alive.
	 */
	static final String EXPOSE = "management.endpoints.web.exposure.include=exitmonitor,health,metrics";

	static final String SHOW_DETAILS = "management.endpoint.health.show-details=always";

	static final String NO_KEEP_ALIVE = "exit-monitor.keep-alive=false";

	static final String QUICK_RESTART = "exit-monitor.worker.backoff-initial=50ms";

	/**
	 * Spring Security is on the test class path for the security recipe test; the other tests run without
	 * it, as an application that does not use it.
	 */
	static final String WITHOUT_SECURITY = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	@Bean
	ExitMonitorApplicationTerminator exitMonitorApplicationTerminator() {
		// Record nothing and never call System.exit: the test JVM must survive an exit that a test begins.
		return (reason) -> {
		};
	}

	static class Workers {

		private final AtomicBoolean flakyFailed = new AtomicBoolean();

		@BackgroundWorker(name = "ticker", delay = "10ms")
		void tick() {
		}

		@BackgroundWorker(name = "flaky", delay = "10ms")
		void flaky() {
			if (this.flakyFailed.compareAndSet(false, true)) {
				throw new IllegalStateException("flaky fails once");
			}
		}

		@BackgroundWorker(name = "breaker", delay = "10ms", failurePolicy = FailurePolicy.STOP_WORKER)
		void breaker() {
			throw new IllegalStateException("breaker is broken");
		}

		@BackgroundWorker(name = "controlled", delay = "10ms")
		void controlled() {
		}

	}

}

package dev.exitmonitor.benchmarks.process;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Prints {@code READY startup-ms=<n> exit-monitor=<present|absent> uptime-ms=<n> cpu-ms=<n>} once the
 * application is ready and its workers are all about to block, for the launcher to read. The start-up time is
 * Boot's own measure, from the start of {@code SpringApplication.run} to the application being ready; the uptime
 * (the JVM's, as in its GC log) tells the launcher which GC pauses came after this point; the CPU time is what
 * every thread of the process (the JIT compilers and the collector included) has used so far, or {@code -1} where
 * the operating system does not tell it.
 *
 * @since 0.1.0
 */
final class ReadyReporter implements ApplicationListener<ApplicationReadyEvent> {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final ObjectProvider<BlockedLatch> blocked;

	ReadyReporter(ObjectProvider<BlockedLatch> blocked) {
		this.blocked = blocked;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		long startupMillis = (event.getTimeTaken() != null) ? event.getTimeTaken().toMillis() : -1;
		BlockedLatch latch = this.blocked.getIfAvailable();
		try {
			if (latch != null && !latch.await(PATIENCE)) {
				throw new IllegalStateException("The workers did not all start within " + PATIENCE);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		boolean exitMonitor = event.getApplicationContext().containsBean("exitMonitor");
		System.out.println("READY startup-ms=" + startupMillis + " exit-monitor=" + (exitMonitor ? "present" : "absent")
				+ " uptime-ms=" + ManagementFactory.getRuntimeMXBean().getUptime() + " cpu-ms="
				+ ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L));
		System.out.flush();
	}

}

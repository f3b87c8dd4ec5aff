package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.PendingTaskPolicy;
import dev.exitmonitor.StragglerPolicy;

/**
 * Configuration properties for Exit Monitor.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("exit-monitor")
public class ExitMonitorProperties {

	/**
	 * Whether to enable Exit Monitor: the exit monitor, its lifecycles and background workers.
	 */
	private boolean enabled = true;

	/**
	 * Whether to keep the application running while background workers run, and to close it (exiting
	 * with the code of the ExitCodeGenerators) once every worker has finished on its own. A thread of
	 * its own keeps the JVM running unless a web server or spring.main.keep-alive already does. Defaults
	 * to true when the application has no web server.
	 */
	private @Nullable Boolean keepAlive;

	private final Shutdown shutdown = new Shutdown();

	private final Phases phases = new Phases();

	private final Executor executor = new Executor();

	private final WorkerDefaults worker = new WorkerDefaults();

	/**
	 * Per-worker overrides, keyed by worker name.
	 */
	private final Map<String, WorkerOverrides> workers = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Boolean getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(@Nullable Boolean keepAlive) {
		this.keepAlive = keepAlive;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Phases getPhases() {
		return this.phases;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public WorkerDefaults getWorker() {
		return this.worker;
	}

	public Map<String, WorkerOverrides> getWorkers() {
		return this.workers;
	}

	/**
	 * Shutdown settings.
	 */
	public static class Shutdown {

		/**
		 * Maximum time the late exit phase waits for background workers to stop before applying the
		 * straggler policy. With the default escalation grace it fits Spring's default 30 s per-phase
		 * lifecycle timeout with 5 s to spare for the late callbacks.
		 */
		private Duration timeout = Duration.ofSeconds(20);

		/**
		 * What to do with workers still running at the shutdown timeout.
		 */
		private StragglerPolicy stragglerPolicy = StragglerPolicy.ESCALATE;

		/**
		 * Policy applied after escalation to workers still running (EXIT, ABORT or WAIT).
		 */
		private StragglerPolicy finalPolicy = StragglerPolicy.EXIT;

		/**
		 * Time escalated workers get to end before the final policy applies.
		 */
		private Duration escalationGrace = Duration.ofSeconds(5);

		/**
		 * Exit code of the ABORT straggler policy.
		 */
		private int abortExitCode = 70;

		/**
		 * Interval between straggler reports of the WAIT policy.
		 */
		private Duration waitReportInterval = Duration.ofSeconds(10);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public StragglerPolicy getStragglerPolicy() {
			return this.stragglerPolicy;
		}

		public void setStragglerPolicy(StragglerPolicy stragglerPolicy) {
			this.stragglerPolicy = stragglerPolicy;
		}

		public StragglerPolicy getFinalPolicy() {
			return this.finalPolicy;
		}

		public void setFinalPolicy(StragglerPolicy finalPolicy) {
			this.finalPolicy = finalPolicy;
		}

		public Duration getEscalationGrace() {
			return this.escalationGrace;
		}

		public void setEscalationGrace(Duration escalationGrace) {
			this.escalationGrace = escalationGrace;
		}

		public int getAbortExitCode() {
			return this.abortExitCode;
		}

		public void setAbortExitCode(int abortExitCode) {
			this.abortExitCode = abortExitCode;
		}

		public Duration getWaitReportInterval() {
			return this.waitReportInterval;
		}

		public void setWaitReportInterval(Duration waitReportInterval) {
			this.waitReportInterval = waitReportInterval;
		}

	}

	/**
	 * SmartLifecycle phases of the exit lifecycles.
	 */
	public static class Phases {

		/**
		 * Phase of the early exit lifecycle; the highest phase stops first, before the web server's
		 * graceful shutdown.
		 */
		private int early = Integer.MAX_VALUE;

		/**
		 * Phase of the late exit lifecycle; the lowest phase stops last among lifecycles, before beans
		 * such as the DataSource are destroyed.
		 */
		private int late = Integer.MIN_VALUE;

		public int getEarly() {
			return this.early;
		}

		public void setEarly(int early) {
			this.early = early;
		}

		public int getLate() {
			return this.late;
		}

		public void setLate(int late) {
			this.late = late;
		}

	}

	/**
	 * Exit-aware wiring of the application task executor.
	 */
	public static class Executor {

		/**
		 * Whether to make the auto-configured application task executor exit-aware.
		 */
		private boolean enabled = true;

		/**
		 * What happens to queued, unstarted tasks of the application task executor at exit.
		 */
		private PendingTaskPolicy pending = PendingTaskPolicy.DRAIN;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public PendingTaskPolicy getPending() {
			return this.pending;
		}

		public void setPending(PendingTaskPolicy pending) {
			this.pending = pending;
		}

	}

	/**
	 * Defaults for every background worker.
	 */
	public static class WorkerDefaults {

		/**
		 * Delay after the first failure before a RESTART.
		 */
		private Duration backoffInitial = Duration.ofSeconds(1);

		/**
		 * Largest delay between restarts.
		 */
		private Duration backoffMax = Duration.ofMinutes(1);

		/**
		 * Growth factor of the delay between restarts.
		 */
		private double backoffMultiplier = 2.0;

		/**
		 * Random variation of the delay between restarts, as a fraction from 0 to 1.
		 */
		private double backoffJitter = 0.2;

		public Duration getBackoffInitial() {
			return this.backoffInitial;
		}

		public void setBackoffInitial(Duration backoffInitial) {
			this.backoffInitial = backoffInitial;
		}

		public Duration getBackoffMax() {
			return this.backoffMax;
		}

		public void setBackoffMax(Duration backoffMax) {
			this.backoffMax = backoffMax;
		}

		public double getBackoffMultiplier() {
			return this.backoffMultiplier;
		}

		public void setBackoffMultiplier(double backoffMultiplier) {
			this.backoffMultiplier = backoffMultiplier;
		}

		public double getBackoffJitter() {
			return this.backoffJitter;
		}

		public void setBackoffJitter(double backoffJitter) {
			this.backoffJitter = backoffJitter;
		}

	}

	/**
	 * Overrides for one worker; unset values keep the annotation's.
	 */
	public static class WorkerOverrides {

		/**
		 * Whether the worker is created at all.
		 */
		private boolean enabled = true;

		/**
		 * Number of threads running the worker.
		 */
		private @Nullable Integer concurrency;

		/**
		 * Delay between loop iterations.
		 */
		private @Nullable Duration delay;

		/**
		 * What happens after the worker fails.
		 */
		private @Nullable FailurePolicy failurePolicy;

		/**
		 * When a stop request becomes a hard interrupt.
		 */
		private @Nullable InterruptMode interruptMode;

		/**
		 * Whether the worker starts with the application.
		 */
		private @Nullable Boolean autoStartup;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable Duration getDelay() {
			return this.delay;
		}

		public void setDelay(@Nullable Duration delay) {
			this.delay = delay;
		}

		public @Nullable FailurePolicy getFailurePolicy() {
			return this.failurePolicy;
		}

		public void setFailurePolicy(@Nullable FailurePolicy failurePolicy) {
			this.failurePolicy = failurePolicy;
		}

		public @Nullable InterruptMode getInterruptMode() {
			return this.interruptMode;
		}

		public void setInterruptMode(@Nullable InterruptMode interruptMode) {
			this.interruptMode = interruptMode;
		}

		public @Nullable Boolean getAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(@Nullable Boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

	}

}

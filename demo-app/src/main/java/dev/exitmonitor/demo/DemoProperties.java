package dev.exitmonitor.demo;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the demo application.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("demo")
public class DemoProperties {

	/**
	 * Identity of this process in job leases.
	 */
	private String instanceId = ManagementFactory.getRuntimeMXBean().getName();

	private final Jobs jobs = new Jobs();

	private final LineServer lineServer = new LineServer();

	public String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(String instanceId) {
		this.instanceId = instanceId;
	}

	public Jobs getJobs() {
		return this.jobs;
	}

	public LineServer getLineServer() {
		return this.lineServer;
	}

	/**
	 * Job queue settings.
	 */
	public static class Jobs {

		/**
		 * How long a claim on a job lasts; a job claimed by a process that died is claimed again after it.
		 */
		private Duration lease = Duration.ofSeconds(30);

		/**
		 * Pause of an idle consumer before it looks for jobs again.
		 */
		private Duration pollInterval = Duration.ofMillis(200);

		/**
		 * Shortest simulated processing time of a job.
		 */
		private Duration workMin = Duration.ofMillis(5);

		/**
		 * Longest simulated processing time of a job.
		 */
		private Duration workMax = Duration.ofMillis(200);

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getWorkMin() {
			return this.workMin;
		}

		public void setWorkMin(Duration workMin) {
			this.workMin = workMin;
		}

		public Duration getWorkMax() {
			return this.workMax;
		}

		public void setWorkMax(Duration workMax) {
			this.workMax = workMax;
		}

	}

	/**
	 * NIO line server settings.
	 */
	public static class LineServer {

		/**
		 * TCP port of the line server; 0 picks a free port.
		 */
		private int port = 7070;

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

}

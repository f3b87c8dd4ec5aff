package dev.exitmonitor.demo;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

import dev.exitmonitor.ExitReason;
import dev.exitmonitor.demo.jobs.JobConsumer;
import dev.exitmonitor.spring.EarlyExit;
import dev.exitmonitor.spring.LateExit;

/**
 * Logs the two exit phases, so the order (early phase, workers stopping, late phase) shows in the log.
 *
 * @since 0.1.0
 */
@Component
public class ExitLogger {

	private static final Log logger = LogFactory.getLog(ExitLogger.class);

	private final JobConsumer consumer;

	ExitLogger(JobConsumer consumer) {
		this.consumer = consumer;
	}

	/**
	 * Early phase.
	 * @param reason why the application exits
	 */
	@EarlyExit
	public void early(ExitReason reason) {
		logger.info("EARLY EXIT PHASE: " + reason);
	}

	/**
	 * Late phase.
	 */
	@LateExit
	public void late() {
		logger.info("LATE EXIT PHASE: processed " + this.consumer.processed() + " job(s) in this run");
	}

}

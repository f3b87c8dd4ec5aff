package dev.exitmonitor.spring;

import org.springframework.context.ApplicationEvent;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;

/**
 * Published in the early exit phase, when the application's exit monitor begins to exit.
 *
 * @since 0.1.0
 */
public class ExitRequestedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final ExitReason reason;

	/**
	 * Create a new event.
	 * @param monitor the monitor that is exiting
	 * @param reason why
	 */
	public ExitRequestedEvent(ExitMonitor monitor, ExitReason reason) {
		super(monitor);
		this.reason = reason;
	}

	/**
	 * Return why the application exits.
	 * @return the reason
	 */
	public ExitReason getReason() {
		return this.reason;
	}

	/**
	 * Return the monitor that is exiting.
	 * @return the monitor
	 */
	public ExitMonitor getMonitor() {
		return (ExitMonitor) getSource();
	}

}

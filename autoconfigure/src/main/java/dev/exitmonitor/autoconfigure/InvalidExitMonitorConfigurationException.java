package dev.exitmonitor.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up for a misconfiguration of Exit Monitor: an invalid {@code @BackgroundWorker},
 * {@code @EarlyExit} or {@code @LateExit} method, a duplicate worker name, or an invalid
 * {@code exit-monitor.*} property value. Carries what is wrong and how to fix it, for
 * {@link InvalidExitMonitorConfigurationFailureAnalyzer}.
 *
 * @since 0.1.0
 */
public class InvalidExitMonitorConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String description;

	private final String action;

	/**
	 * Create a new instance.
	 * @param description what is wrong, naming the bean, method or property
	 * @param action how to fix it
	 */
	public InvalidExitMonitorConfigurationException(String description, String action) {
		this(description, action, null);
	}

	/**
	 * Create a new instance.
	 * @param description what is wrong, naming the bean, method or property
	 * @param action how to fix it
	 * @param cause the underlying cause, or {@code null}
	 */
	public InvalidExitMonitorConfigurationException(String description, String action, @Nullable Throwable cause) {
		super(description, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * Return what is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}

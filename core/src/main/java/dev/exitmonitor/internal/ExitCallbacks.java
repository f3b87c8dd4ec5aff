package dev.exitmonitor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.exitmonitor.ExitCallback;
import dev.exitmonitor.ExitReason;

/**
 * Ordered list of {@link ExitCallback}s for one exit phase, run once.
 * <p>
 * States: <em>open</em> (callbacks can be added) → <em>started</em> (the phase began; adding throws)
 * → callbacks run in registration order by the thread that started the phase. Thread-safe: additions
 * and the start are serialised by the list's monitor lock; callbacks run outside the lock, so a
 * callback may add callbacks to another list.
 *
 * @since 0.1.0
 */
public final class ExitCallbacks {

	private static final Logger logger = LoggerFactory.getLogger(ExitCallbacks.class);

	private final String monitorName;

	private final String phaseName;

	/** Guarded by {@code this}. */
	private final List<ExitCallback> callbacks = new ArrayList<>();

	/** Guarded by {@code this}. */
	private boolean started;

	/**
	 * Create a list for one phase.
	 * @param monitorName name of the owning monitor, for messages
	 * @param phaseName name of the phase ("early" or "late"), for messages
	 */
	public ExitCallbacks(String monitorName, String phaseName) {
		this.monitorName = monitorName;
		this.phaseName = phaseName;
	}

	/**
	 * Add a callback.
	 * @param callback the callback
	 * @throws IllegalStateException if the phase has already started
	 */
	public synchronized void add(ExitCallback callback) {
		Objects.requireNonNull(callback, "'callback' must not be null");
		if (this.started) {
			throw new IllegalStateException("Cannot register a " + this.phaseName + " exit callback on exit monitor '"
					+ this.monitorName + "': the " + this.phaseName + " exit phase has already started. Register "
					+ this.phaseName + " callbacks before exit begins"
					+ ("early".equals(this.phaseName) ? " (an early callback may register late ones)." : "."));
		}
		this.callbacks.add(callback);
	}

	/**
	 * Close the list for additions and return whether this call did it.
	 * @return {@code true} for the one caller that started the phase
	 */
	public synchronized boolean start() {
		if (this.started) {
			return false;
		}
		this.started = true;
		return true;
	}

	/**
	 * Run every callback in registration order; failures are logged and do not stop the others.
	 * @param reason why the application is exiting
	 * @return how many callbacks failed
	 */
	public int runAll(ExitReason reason) {
		List<ExitCallback> snapshot;
		synchronized (this) {
			snapshot = List.copyOf(this.callbacks);
		}
		int failures = 0;
		for (ExitCallback callback : snapshot) {
			try {
				callback.run(reason);
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				failures++;
				logger.error("The {} exit callback {} of exit monitor '{}' failed; the remaining callbacks still run",
						this.phaseName, callback, this.monitorName, ex);
			}
		}
		return failures;
	}

}

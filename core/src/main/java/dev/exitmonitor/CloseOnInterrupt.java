package dev.exitmonitor;

import java.io.Closeable;

import dev.exitmonitor.internal.ThreadState;

/**
 * Registration of a resource to close when the current thread's interruption is escalated, see
 * {@link Exit#closeOnInterrupt(Closeable)}. Closing the registration only unregisters; it does not
 * close the resource. Thread-safe; closing twice is harmless.
 *
 * @since 0.1.0
 */
public final class CloseOnInterrupt implements AutoCloseable {

	private final ThreadState state;

	private final Closeable resource;

	CloseOnInterrupt(ThreadState state, Closeable resource) {
		this.state = state;
		this.resource = resource;
		state.addCloseOnEscalation(resource);
	}

	/**
	 * Unregister the resource; it is no longer closed on escalation.
	 */
	@Override
	public void close() {
		this.state.removeCloseOnEscalation(this.resource);
	}

}

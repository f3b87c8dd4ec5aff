package dev.exitmonitor;

import dev.exitmonitor.internal.ThreadState;

/**
 * Base of the per-thread regions: closed once, by the thread that opened it.
 * <p>
 * Not thread-safe by design: only the owner thread may use it, which {@link #close()} checks.
 *
 * @since 0.1.0
 */
public abstract sealed class ThreadRegion implements AutoCloseable permits CriticalSection, InterruptibleRegion {

	private final ThreadState state;

	private final String kind;

	private final int depth;

	/** Owner thread only. */
	private boolean closed;

	ThreadRegion(ThreadState state, String kind, int depth) {
		this.state = state;
		this.kind = kind;
		this.depth = depth;
	}

	/**
	 * Close the region.
	 * @throws IllegalStateException if it is already closed, if called from another thread, or if an
	 * inner region of the same kind is still open
	 */
	@Override
	public void close() {
		Thread owner = this.state.thread();
		if (Thread.currentThread() != owner) {
			throw new IllegalStateException("A " + this.kind + " must be closed by the thread that opened it ('"
					+ owner.getName() + "'), not by '" + Thread.currentThread().getName() + "'");
		}
		if (this.closed) {
			throw new IllegalStateException(
					"This " + this.kind + " of thread '" + owner.getName() + "' is already closed");
		}
		leave(this.state, this.depth);
		this.closed = true;
	}

	abstract void leave(ThreadState state, int depth);

	/**
	 * Return the nesting depth of this region (1 for the outermost).
	 * @return the depth
	 */
	public int depth() {
		return this.depth;
	}

	@Override
	public String toString() {
		return this.kind + " of " + this.state.thread().getName() + " [depth " + this.depth
				+ (this.closed ? ", CLOSED]" : ", OPEN]");
	}

}

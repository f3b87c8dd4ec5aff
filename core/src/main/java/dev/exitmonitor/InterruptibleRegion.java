package dev.exitmonitor;

import dev.exitmonitor.internal.ThreadState;

/**
 * An open interruptible region of the current thread, see {@link Exit#interruptible()}. Close it with
 * try-with-resources in the thread that opened it; regions nest and close innermost first.
 *
 * @since 0.1.0
 */
public final class InterruptibleRegion extends ThreadRegion {

	InterruptibleRegion(ThreadState state) {
		super(state, "interruptible region", state.enterInterruptible());
	}

	@Override
	void leave(ThreadState state, int depth) {
		state.leaveInterruptible(depth);
	}

}

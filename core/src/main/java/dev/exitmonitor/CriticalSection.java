package dev.exitmonitor;

import dev.exitmonitor.internal.ThreadState;

/**
 * An open critical section of the current thread, see {@link Exit#critical()}. Close it with
 * try-with-resources in the thread that opened it; sections nest and close innermost first.
 *
 * @since 0.1.0
 */
public final class CriticalSection extends ThreadRegion {

	CriticalSection(ThreadState state) {
		super(state, "critical section", state.enterCritical());
	}

	@Override
	void leave(ThreadState state, int depth) {
		state.leaveCritical(depth);
	}

}

package dev.exitmonitor.internal;

import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The sweep an exit-aware executor makes over its unfinished tasks when it closes for good (at exit,
 * or on {@code shutdownNow()}): hand back the tasks that have not started, if they are to be handed
 * back, and ask every other one to stop through its scope.
 * <p>
 * Unstarted tasks are handed back in a first pass, before any running task is asked to stop: a task
 * that stops frees its thread, which would otherwise start a queued task the sweep was about to hand
 * back. A task that starts between the passes is asked to stop in the second one. The caller must have
 * closed the executor's gate first: a submission racing with the close either sees the gate closed and
 * withdraws its task, or registered it before the sweep begins, so the sweep sees it (see
 * {@link ExecutorGate}). Under {@code DRAIN}, such a withdrawn task may be counted as asked to stop.
 * <p>
 * Not thread-safe by itself; each sweep is made by one thread, and tasks decide races with their own
 * CAS state machine, so a task is handed back at most once even when two sweeps overlap.
 *
 * @param handedBack how many tasks this sweep handed back
 * @param askedToStop how many running (or, when not handing back, queued) tasks it asked to stop
 * @since 0.1.0
 */
public record TaskSweep(int handedBack, int askedToStop) {

	/**
	 * Sweep the unfinished tasks of a ledger.
	 * @param ledger the executor's ledger
	 * @param receiver takes each handed-back task, or {@code null} to hand back nothing (queued tasks
	 * then run, and are asked to stop as they start)
	 * @param interrupt whether to hard-interrupt the running tasks outside critical sections
	 * @return how many tasks were handed back and asked to stop
	 */
	public static TaskSweep sweep(TaskLedger ledger, @Nullable Consumer<ExecutorTask<?>> receiver,
			boolean interrupt) {
		// Orders the caller's close of the gate before the reads of the ledger below, as the gate's
		// argument needs (the map's reads are acquire reads, which a volatile write does not order).
		VarHandle.fullFence();
		int handedBack = 0;
		if (receiver != null) {
			for (ExecutorTask<?> task : ledger.live()) {
				handedBack += task.handBack(receiver) ? 1 : 0;
			}
		}
		int askedToStop = 0;
		for (ExecutorTask<?> task : ledger.live()) {
			if (receiver != null && task.handBack(receiver)) {
				handedBack++;
			}
			else {
				task.requestStop(interrupt);
				askedToStop++;
			}
		}
		return new TaskSweep(handedBack, askedToStop);
	}

}

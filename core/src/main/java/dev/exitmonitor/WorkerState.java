package dev.exitmonitor;

/**
 * Lifecycle state of a worker.
 * <pre>
 * NEW ─start─▶ STARTING ──▶ RUNNING ─stop or exit─▶ STOPPING ──threads ended──▶ STOPPED
 *                            │  │                      └─deadline passed─▶ STRAGGLING ──ended──▶ STOPPED / FAILED
 *                            │  └─body returned on its own (long-running, async)──▶ STOPPED
 *                            └─failure with STOP_WORKER or STOP_APPLICATION──▶ FAILED
 * STOPPED / FAILED ─start─▶ STARTING   (a worker can be started again; its group cannot)
 * </pre>
 * A worker with the {@code RESTART} failure policy stays {@code RUNNING} while it backs off.
 *
 * @since 0.1.0
 */
public enum WorkerState {

	/** Defined, never started. */
	NEW,

	/** Its threads are being created. */
	STARTING,

	/** Running (possibly paused, or backing off after a failure). */
	RUNNING,

	/** Asked to stop; its threads are finishing. */
	STOPPING,

	/** Still running after the shutdown deadline. */
	STRAGGLING,

	/** Every thread ended cleanly. Terminal until started again. */
	STOPPED,

	/** Ended by a failure that was not restarted. Terminal until started again. */
	FAILED;

	/**
	 * Whether the worker has no running thread in this state.
	 * @return {@code true} for {@code NEW}, {@code STOPPED} and {@code FAILED}
	 */
	public boolean isIdle() {
		return this == NEW || this == STOPPED || this == FAILED;
	}

}

package dev.exitmonitor.benchmarks.latency;

import java.util.concurrent.locks.LockSupport;

/**
 * The physical limit: workers parked with {@link LockSupport#park(Object)} on a volatile flag, released by setting
 * the flag and a plain {@link LockSupport#unpark(Thread)} loop. No library can release blocked threads with less
 * work than one unpark each.
 *
 * @since 0.1.0
 */
final class ParkUnparkLimit implements Contender {

	@Override
	public String name() {
		return "limit: `LockSupport.park()` + `unpark` loop";
	}

	@Override
	public Role role() {
		return Role.LIMIT;
	}

	@Override
	public Trial start(int count, ThreadKind kind) throws InterruptedException {
		BlockedWorkers workers = new BlockedWorkers(count, kind.newFactory());
		Gate gate = new Gate();
		for (int i = 0; i < count; i++) {
			workers.threadFactory().newThread(workers.worker(() -> {
				while (!gate.open) {
					LockSupport.park(gate);
				}
			})).start();
		}
		workers.awaitBlocked(PATIENCE);
		return new Trial() {

			@Override
			public Outcome stop() throws InterruptedException {
				return workers.timeStop(() -> {
					gate.open = true;
					for (Thread thread : workers.threads()) {
						LockSupport.unpark(thread);
					}
				});
			}

			@Override
			public void close() throws InterruptedException {
				workers.joinAll(PATIENCE);
			}

		};
	}

	/** The flag the parked workers wait for. */
	private static final class Gate {

		volatile boolean open;

	}

}

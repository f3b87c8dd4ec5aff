package dev.exitmonitor.internal;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pass of a monitor's exit over its threads, asking each to stop ({@link ThreadState#signalStop()}),
 * shared between the thread that begins the exit and the threads it wakes.
 * <p>
 * A stopper that wakes thousands of threads alone is starved by them: every woken thread competes with it
 * for the processors, so the last threads are woken late. Here each thread woken from an exit-aware wait
 * first takes its share of the remaining work ({@link ThreadState#helpSignal()}), so the number of threads
 * signalling grows with the number already woken, like a broadcast tree.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. A cursor ({@link AtomicInteger}) hands out each thread exactly once, whoever takes it;
 * {@link #remaining} counts the signals not yet finished, so {@link #run()} returns only once every thread
 * of the pass was signalled.
 *
 * @since 0.1.0
 */
public final class SignalRound {

	private final ThreadState[] states;

	private final AtomicInteger next = new AtomicInteger();

	private final CountDownLatch remaining;

	/**
	 * Create a pass over the given threads.
	 * @param states the states of the threads to ask to stop
	 */
	public SignalRound(List<ThreadState> states) {
		this.states = states.toArray(new ThreadState[0]);
		this.remaining = new CountDownLatch(this.states.length);
	}

	/**
	 * Signal every thread, with the help of those woken, and return once all were signalled.
	 */
	public void run() {
		work();
		boolean interrupted = false;
		while (this.remaining.getCount() > 0) {
			try {
				this.remaining.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		// Help is no longer needed: threads that were not woken from a wait must not keep the pass alive.
		for (ThreadState state : this.states) {
			state.leaveRound(this);
		}
	}

	/**
	 * Signal threads of this pass until none is left to take.
	 */
	void work() {
		while (signalNext()) {
			// Each call signals one thread.
		}
	}

	/**
	 * Signal the next thread of this pass, if one is left.
	 * @return {@code false} if every thread was already taken
	 */
	boolean signalNext() {
		int index = this.next.getAndIncrement();
		if (index >= this.states.length) {
			return false;
		}
		ThreadState state = this.states[index];
		try {
			state.joinRound(this);
			state.signalStop();
		}
		finally {
			this.remaining.countDown();
		}
		return true;
	}

}

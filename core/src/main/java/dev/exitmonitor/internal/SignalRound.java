package dev.exitmonitor.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One pass of a monitor's exit over its threads, asking each to stop ({@link ThreadState#signalStop()}),
 * shared between the thread that begins the exit and the threads it wakes.
 * <p>
 * A stopper that wakes thousands of threads alone is starved by them: every woken thread competes with it
 * for the processors, so the last threads are woken late. Here each thread woken from an exit-aware wait
 * first takes its share of the remaining work ({@link ThreadState#helpSignal()}), so the number of threads
 * signalling grows with the number already woken, like a broadcast tree. The threads are handed out in
 * chunks, so that the signallers do not all contend for one counter once per thread.
 * <p>
 * The stopper never waits for a helper: once every chunk is taken, it signals again, itself, each chunk
 * that a helper took and has not finished. A helper whose processor was taken away in the middle of its
 * chunk (a virtual thread whose carrier the operating system descheduled) would otherwise hold up the exit
 * for a whole time slice. Signalling a thread twice is harmless ({@link ThreadState#signalStop()} is
 * idempotent).
 *
 * <h2>Thread-safety and states</h2>
 * Thread-safe. Each chunk moves {@code free → taken} (by the {@link AtomicInteger} cursor, exactly once,
 * by whichever thread) {@code → done} (set by its taker once every thread of it was signalled). When
 * {@link #run()} returns, every thread of the pass was signalled, by the stopper or by a helper that
 * finished its chunk; the exceptions are a wake-up from an interrupt-based wait, or a hard interrupt, that a
 * helper has begun and not finished, which that helper completes. Before its last pass over the threads
 * (making each leave the pass) the stopper sets {@link #over}; a helper that joins a thread to the pass
 * afterwards makes it leave again, so that no thread keeps a finished pass reachable.
 *
 * @since 0.1.0
 */
public final class SignalRound {

	/** Most threads in one chunk: large enough to take contention off the cursor, small enough to share. */
	private static final int MAX_CHUNK = 32;

	/**
	 * Fewest threads in one chunk: a small pass runs once, cold, where every atomic operation on the cursor and
	 * the chunk marks costs far more than signalling a thread, and it gains little from help.
	 */
	private static final int MIN_CHUNK = 8;

	/** How many chunks a pass is cut into while its chunks are between {@link #MIN_CHUNK} and {@link #MAX_CHUNK}. */
	private static final int CHUNKS_WANTED = 64;

	private static final int DONE = 1;

	private final ThreadState[] states;

	private final int chunkSize;

	private final int chunkCount;

	/** Next chunk to take. */
	private final AtomicInteger next = new AtomicInteger();

	/** Per chunk: {@link #DONE} once its taker signalled all of it. */
	private final AtomicIntegerArray done;

	/** Set by the stopper before it makes every thread leave the pass; a helper that runs late leaves at once. */
	private volatile boolean over;

	/**
	 * Signal every given thread and return once all were signalled: through a pass shared with the woken
	 * threads when there are enough of them to need help, otherwise in a plain loop in the calling thread. A
	 * small pass usually runs once and cold, where a pass's own bookkeeping would cost more than the signals.
	 * @param states the states of the threads to ask to stop
	 */
	public static void signalAll(List<ThreadState> states) {
		if (states.size() <= MIN_CHUNK) {
			for (int index = 0; index < states.size(); index++) {
				states.get(index).signalStop();
			}
			return;
		}
		new SignalRound(states).run();
	}

	/**
	 * Create a pass over the given threads.
	 * @param states the states of the threads to ask to stop
	 */
	public SignalRound(List<ThreadState> states) {
		this(states, Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, states.size() / CHUNKS_WANTED)));
	}

	SignalRound(List<ThreadState> states, int chunkSize) {
		this.states = states.toArray(new ThreadState[0]);
		this.chunkSize = chunkSize;
		this.chunkCount = (this.states.length + chunkSize - 1) / chunkSize;
		this.done = new AtomicIntegerArray(this.chunkCount);
	}

	/**
	 * Signal every thread, with the help of those woken, and return once all were signalled.
	 */
	public void run() {
		work();
		for (int chunk = 0; chunk < this.chunkCount; chunk++) {
			if (this.done.get(chunk) != DONE) {
				// Taken by a helper that has not finished it, perhaps not running at all: do not wait for it.
				signalChunk(chunk);
			}
		}
		// Help is no longer needed: threads that were not woken from a wait must not keep the pass alive.
		this.over = true;
		for (ThreadState state : this.states) {
			state.leaveRound(this);
		}
	}

	/**
	 * Signal chunks of this pass until none is left to take.
	 */
	void work() {
		while (signalNext()) {
			// Each call signals one chunk.
		}
	}

	/**
	 * Signal the next chunk of this pass, if one is left.
	 * @return {@code false} if every chunk was already taken
	 */
	boolean signalNext() {
		int chunk = take();
		if (chunk < 0) {
			return false;
		}
		signalChunk(chunk);
		this.done.set(chunk, DONE);
		return true;
	}

	/**
	 * Take the next chunk without signalling it.
	 * @return the chunk's index, or {@code -1} if every chunk was already taken
	 */
	int take() {
		int chunk = this.next.getAndIncrement();
		return (chunk < this.chunkCount) ? chunk : -1;
	}

	void signalChunk(int chunk) {
		int end = Math.min(this.states.length, (chunk + 1) * this.chunkSize);
		for (int index = chunk * this.chunkSize; index < end; index++) {
			ThreadState state = this.states[index];
			state.joinRound(this);
			if (this.over) {
				// A helper that resumed after the stopper's last pass: the stopper may have missed this join.
				state.leaveRound(this);
			}
			state.signalStop();
		}
	}

}

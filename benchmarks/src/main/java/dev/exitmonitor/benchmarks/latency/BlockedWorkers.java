package dev.exitmonitor.benchmarks.latency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.ThreadExit;

/**
 * Bookkeeping shared by every contender of the shutdown-latency harness: records the threads a contender
 * creates, counts workers that reached their blocking call and workers that stopped, and waits until every
 * worker is really blocked (its thread {@code WAITING}) before the clock starts.
 * <p>
 * Thread-safe: worker threads report through latches; the thread list is guarded by its own monitor.
 *
 * @since 0.1.0
 */
final class BlockedWorkers {

	private final int count;

	private final ThreadFactory threadFactory;

	/** Guarded by itself. */
	private final List<Thread> threads = new ArrayList<>();

	private final CountDownLatch ready;

	private final CountDownLatch stopped;

	/** The first unexpected failure of a worker, if any. */
	private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

	/**
	 * Create the bookkeeping for a number of workers.
	 * @param count how many workers the contender starts
	 * @param delegate creates the threads; every thread it creates is recorded
	 */
	BlockedWorkers(int count, ThreadFactory delegate) {
		this.count = count;
		this.ready = new CountDownLatch(count);
		this.stopped = new CountDownLatch(count);
		this.threadFactory = (runnable) -> {
			Thread thread = delegate.newThread(runnable);
			synchronized (this.threads) {
				this.threads.add(thread);
			}
			return thread;
		};
	}

	/**
	 * Return the recording thread factory.
	 * @return the factory
	 */
	ThreadFactory threadFactory() {
		return this.threadFactory;
	}

	int count() {
		return this.count;
	}

	/**
	 * Wrap a blocking call as a worker body that reports when it is about to block and when it stopped. A
	 * {@link ThreadExit} or an {@link InterruptedException} is a clean stop.
	 * @param call the blocking call
	 * @return the body
	 */
	Runnable worker(BlockingCall call) {
		return () -> {
			try {
				aboutToBlock();
				call.block();
			}
			catch (ThreadExit | InterruptedException ex) {
				// A clean stop: the way each contender tells its workers to stop.
			}
			catch (Throwable ex) {
				this.failure.compareAndSet(null, ex);
			}
			finally {
				stopped();
			}
		};
	}

	/**
	 * Start every worker, each blocked in {@link LinkedBlockingQueue#take()} of its own queue, and wait until all
	 * are blocked: the workers of the references that wake threads blocked in a JDK queue.
	 * @return the workers' queues, in start order
	 * @throws InterruptedException if interrupted
	 * @throws IllegalStateException if the workers did not all block within {@link Contender#PATIENCE}
	 */
	List<LinkedBlockingQueue<Object>> startInOwnJdkQueues() throws InterruptedException {
		List<LinkedBlockingQueue<Object>> queues = new ArrayList<>(this.count);
		for (int i = 0; i < this.count; i++) {
			LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
			queues.add(queue);
			this.threadFactory.newThread(worker(queue::take)).start();
		}
		awaitBlocked(Contender.PATIENCE);
		return queues;
	}

	/**
	 * Called by a worker just before its blocking call.
	 */
	void aboutToBlock() {
		this.ready.countDown();
	}

	/**
	 * Called by a worker when it stopped.
	 */
	void stopped() {
		this.stopped.countDown();
	}

	/**
	 * Wait until every worker reached its blocking call and its thread is parked.
	 * @param timeout how long to wait
	 * @throws InterruptedException if interrupted
	 * @throws IllegalStateException if the workers did not all block in time
	 */
	void awaitBlocked(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		if (!this.ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new IllegalStateException(
					"Only " + (this.count - this.ready.getCount()) + " of " + this.count + " workers started in " + timeout);
		}
		for (Thread thread : threads()) {
			while (!isParked(thread)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Thread " + thread + " did not block in " + timeout + "; it is "
							+ thread.getState());
				}
				Thread.sleep(1);
			}
		}
	}

	private static boolean isParked(Thread thread) {
		Thread.State state = thread.getState();
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
	}

	/**
	 * Wait until every worker reported that it stopped.
	 * @param timeout how long to wait
	 * @return {@code true} if all stopped
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitStopped(Duration timeout) throws InterruptedException {
		return this.stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Time a stop: run the call that begins it, then wait until every worker reported that it stopped.
	 * @param beginStop the contender's way of telling its workers to stop
	 * @return the time to the last worker's stop, and how long the call kept the stopping thread
	 * @throws InterruptedException if interrupted
	 * @throws IllegalStateException if the workers did not all stop within {@link Contender#PATIENCE}
	 */
	Contender.Outcome timeStop(StopCall beginStop) throws InterruptedException {
		long start = System.nanoTime();
		beginStop.run();
		long stopper = System.nanoTime() - start;
		if (!awaitStopped(Contender.PATIENCE)) {
			throw new IllegalStateException(running() + " workers did not stop in " + Contender.PATIENCE);
		}
		return Contender.Outcome.stopped(System.nanoTime() - start, stopper);
	}

	/**
	 * Return how many workers have not stopped yet.
	 * @return the count
	 */
	long running() {
		return this.stopped.getCount();
	}

	/**
	 * Return how many recorded threads are alive.
	 * @return the count
	 */
	int aliveThreads() {
		int alive = 0;
		for (Thread thread : threads()) {
			if (thread.isAlive()) {
				alive++;
			}
		}
		return alive;
	}

	/**
	 * Return the recorded threads.
	 * @return a snapshot
	 */
	List<Thread> threads() {
		synchronized (this.threads) {
			return new ArrayList<>(this.threads);
		}
	}

	/**
	 * Wait for every recorded thread to end, and fail if a worker failed.
	 * @param timeout how long to wait in total
	 * @throws InterruptedException if interrupted
	 * @throws IllegalStateException if a thread is still alive or a worker failed
	 */
	void joinAll(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Thread thread : threads()) {
			long remaining = deadline - System.nanoTime();
			if (remaining > 0) {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
			}
			if (thread.isAlive()) {
				throw new IllegalStateException("Thread " + thread + " is still alive " + timeout + " after the stop: "
						+ thread.getState());
			}
		}
		Throwable failed = this.failure.get();
		if (failed != null) {
			throw new IllegalStateException("A worker failed instead of stopping cleanly", failed);
		}
	}

	/**
	 * A contender's call that begins the stop of its workers.
	 */
	@FunctionalInterface
	interface StopCall {

		/**
		 * Begin the stop.
		 * @throws InterruptedException if interrupted
		 */
		void run() throws InterruptedException;

	}

	/**
	 * A blocking call of a worker.
	 */
	@FunctionalInterface
	interface BlockingCall {

		/**
		 * Block until told to stop.
		 * @throws Exception when stopped (or on failure)
		 */
		void block() throws Exception;

	}

}

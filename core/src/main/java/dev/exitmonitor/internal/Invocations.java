package dev.exitmonitor.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * {@code invokeAll} and {@code invokeAny} for an exit-aware executor, on top of its own submit, with
 * the {@link java.util.concurrent.ExecutorService} contracts: every future returned by
 * {@code invokeAll} is done; {@code invokeAny} returns the result of one task that completed
 * normally and cancels the others. Tasks cancelled here are cancelled with {@code cancel(true)}, which
 * for an exit-aware task means a stop request through its scope (a hard interrupt only outside
 * critical sections).
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class Invocations {

	private Invocations() {
	}

	/**
	 * Submit every task and wait until all are done or the timeout elapses; those not done then are
	 * cancelled.
	 * @param <T> the result type
	 * @param tasks the tasks
	 * @param submit submits one task
	 * @param timeoutNanos how long to wait, or {@code -1} to wait without limit
	 * @return the futures, in the order of the tasks, all done
	 * @throws InterruptedException if interrupted while waiting; the unfinished tasks are cancelled
	 */
	public static <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks,
			Function<Callable<T>, Future<T>> submit, long timeoutNanos) throws InterruptedException {
		Objects.requireNonNull(tasks, "'tasks' must not be null");
		long deadline = System.nanoTime() + timeoutNanos;
		List<Future<T>> futures = new ArrayList<>(tasks.size());
		boolean done = false;
		try {
			for (Callable<T> task : tasks) {
				futures.add(submit.apply(task));
			}
			for (Future<T> future : futures) {
				if (future.isDone()) {
					continue;
				}
				try {
					if (timeoutNanos < 0) {
						future.get();
					}
					else {
						future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
					}
				}
				catch (CancellationException | ExecutionException ex) {
					// The future is done either way; the caller inspects it.
				}
				catch (TimeoutException ex) {
					// The time is up: the futures not done yet are cancelled in the finally block.
					return futures;
				}
			}
			done = true;
			return futures;
		}
		finally {
			if (!done) {
				cancelAll(futures);
			}
		}
	}

	/**
	 * Submit every task and return the result of the first one that completes normally; the others are
	 * cancelled.
	 * @param <T> the result type
	 * @param tasks the tasks; must not be empty
	 * @param submit submits one task, putting its future in the given queue when it completes
	 * @param timeoutNanos how long to wait, or {@code -1} to wait without limit
	 * @return the result of a task that completed normally
	 * @throws InterruptedException if interrupted while waiting
	 * @throws ExecutionException if no task completed normally (the cause is the last failure)
	 * @throws TimeoutException if the timeout elapsed before a task completed normally
	 */
	public static <T> T invokeAny(Collection<? extends Callable<T>> tasks,
			BiFunction<Callable<T>, BlockingQueue<Future<T>>, Future<T>> submit, long timeoutNanos)
			throws InterruptedException, ExecutionException, TimeoutException {
		Objects.requireNonNull(tasks, "'tasks' must not be null");
		if (tasks.isEmpty()) {
			throw new IllegalArgumentException("'tasks' must not be empty");
		}
		long deadline = System.nanoTime() + timeoutNanos;
		BlockingQueue<Future<T>> completions = new LinkedBlockingQueue<>();
		List<Future<T>> futures = new ArrayList<>(tasks.size());
		try {
			for (Callable<T> task : tasks) {
				futures.add(submit.apply(task, completions));
			}
			@Nullable ExecutionException failure = null;
			for (int remaining = futures.size(); remaining > 0; remaining--) {
				Future<T> completed = (timeoutNanos < 0) ? completions.take()
						: completions.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (completed == null) {
					throw new TimeoutException("None of " + futures.size() + " tasks completed normally within "
							+ TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
				}
				try {
					return completed.get();
				}
				catch (ExecutionException ex) {
					failure = ex;
				}
				catch (CancellationException ex) {
					failure = new ExecutionException("A task was cancelled", ex);
				}
			}
			throw Objects.requireNonNull(failure);
		}
		finally {
			cancelAll(futures);
		}
	}

	private static void cancelAll(List<? extends Future<?>> futures) {
		for (Future<?> future : futures) {
			future.cancel(true);
		}
	}

}

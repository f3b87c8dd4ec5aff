package dev.exitmonitor.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * An unstarted {@link Callable} returned as a {@link Runnable} by an exit-aware executor's
 * {@code shutdownNow()}, which must return runnables: it is still the callable too, so the caller can
 * run it either way or recognise it with {@code instanceof Callable}.
 * <p>
 * Immutable and thread-safe if the callable is.
 *
 * @param <V> the callable's result type
 * @since 0.1.0
 */
public final class CallableRunnable<V> implements Runnable, Callable<V> {

	private final Callable<V> callable;

	/**
	 * Adapt a callable.
	 * @param callable the callable as it was submitted
	 */
	public CallableRunnable(Callable<V> callable) {
		this.callable = callable;
	}

	/**
	 * Return the callable as it was submitted.
	 * @return the callable
	 */
	public Callable<V> callable() {
		return this.callable;
	}

	@Override
	public V call() throws Exception {
		return this.callable.call();
	}

	/**
	 * Call the callable and ignore its result; a checked exception is rethrown wrapped in a
	 * {@link CompletionException}.
	 */
	@Override
	public void run() {
		try {
			this.callable.call();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new CompletionException(ex);
		}
	}

	@Override
	public String toString() {
		return this.callable.toString();
	}

}

package dev.exitmonitor.autoconfigure;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.TaskDecorator;

/**
 * The application's {@link TaskDecorator}, applied as before, remembering the {@link Future} behind each task
 * it decorates for Boot's {@code ThreadPoolTaskExecutor}. With a decorator, that pool queues the decorated
 * {@link Runnable} and keeps the {@code FutureTask} of a {@code submit()} (or of an {@code @Async} method
 * returning {@code Future}) to itself; a task handed back at exit must still have that future cancelled, or its
 * caller waits in {@code get()} forever.
 * <p>
 * Thread-safe: the decorated tasks are weak keys of a synchronized map, so an entry stays while its task waits
 * in the queue and goes once the pool has run or dropped it.
 *
 * @since 0.1.0
 */
final class FutureRecordingTaskDecorator implements TaskDecorator {

	private final TaskDecorator delegate;

	/**
	 * Decorated task → its future. Weak keys with strong values, not Spring's {@code ConcurrentReferenceHashMap}
	 * (whose entries a collection may drop while their task still waits in the queue). The future does not
	 * refer to the decorated task, so an entry goes once its task is unreachable.
	 */
	private final Map<Runnable, Future<?>> futures = Collections.synchronizedMap(new WeakHashMap<>());

	FutureRecordingTaskDecorator(TaskDecorator delegate) {
		this.delegate = delegate;
	}

	@Override
	public Runnable decorate(Runnable task) {
		Runnable decorated = this.delegate.decorate(task);
		if (decorated != task && task instanceof Future<?> future) {
			this.futures.put(decorated, future);
		}
		return decorated;
	}

	/**
	 * Return the future behind a task the pool queued: the task itself if it is one, else the one recorded when
	 * it was decorated.
	 * @param queued a task taken from the pool's queue
	 * @return its future, or {@code null} if it has none
	 */
	@Nullable Future<?> futureOf(Runnable queued) {
		return (queued instanceof Future<?> future) ? future : this.futures.remove(queued);
	}

}

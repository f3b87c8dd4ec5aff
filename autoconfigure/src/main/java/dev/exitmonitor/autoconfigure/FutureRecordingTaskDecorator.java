package dev.exitmonitor.autoconfigure;

import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.TaskDecorator;

/**
 * The application's {@link TaskDecorator}, applied as before, keeping the {@link Future} behind each task it
 * decorates for Boot's {@code ThreadPoolTaskExecutor}. With a decorator, that pool queues the decorated
 * {@link Runnable} and keeps the {@code FutureTask} of a {@code submit()} (or of an {@code @Async} method
 * returning {@code Future}) to itself; a task handed back at exit must still have that future cancelled, or its
 * caller waits in {@code get()} forever. The decorated task of such a future is queued inside a
 * {@link Recorded}, which runs it and remembers the future.
 * <p>
 * Stateless apart from its delegate, and thread-safe if the delegate is.
 *
 * @since 0.1.0
 */
final class FutureRecordingTaskDecorator implements TaskDecorator {

	private final TaskDecorator delegate;

	FutureRecordingTaskDecorator(TaskDecorator delegate) {
		this.delegate = delegate;
	}

	@Override
	public Runnable decorate(Runnable task) {
		Runnable decorated = this.delegate.decorate(task);
		return (decorated != task && task instanceof Future<?> future) ? new Recorded(decorated, future) : decorated;
	}

	/**
	 * Return the future behind a task the pool queued: the one recorded when it was decorated, else the task
	 * itself if it is one.
	 * @param queued a task taken from the pool's queue
	 * @return its future, or {@code null} if it has none
	 */
	static @Nullable Future<?> futureOf(Runnable queued) {
		if (queued instanceof Recorded recorded) {
			return recorded.future();
		}
		return (queued instanceof Future<?> future) ? future : null;
	}

	/**
	 * Return the task to hand back for a task the pool queued: what the application's decorator made of it.
	 * @param queued a task taken from the pool's queue
	 * @return the task
	 */
	static Runnable handedBack(Runnable queued) {
		return (queued instanceof Recorded recorded) ? recorded.decorated() : queued;
	}

	/**
	 * A decorated task, queued with the future of the task it decorates.
	 *
	 * @param decorated what the application's decorator returned
	 * @param future the future of the task as submitted
	 */
	record Recorded(Runnable decorated, Future<?> future) implements Runnable {

		@Override
		public void run() {
			this.decorated.run();
		}

	}

}

package dev.exitmonitor.autoconfigure;

import java.lang.reflect.Field;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link TaskDecorator} that an executor built by Boot's builder already holds when a customizer runs,
 * so that the customizer can put its own decoration around it instead of replacing it. Spring's
 * {@code ThreadPoolTaskExecutor} and {@code SimpleAsyncTaskExecutor} have no getter for it, so it is read from
 * their {@code taskDecorator} field; should a later Spring version drop that field, the decorator is resolved
 * from the application's beans as Boot's builder resolves them (one bean as is, several in order as a
 * {@link CompositeTaskDecorator}).
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
final class AppliedTaskDecorator {

	private AppliedTaskDecorator() {
	}

	/**
	 * Return the decorator the executor applies now.
	 * @param executor the executor being customized
	 * @param beans the application's task decorator beans, for the fallback
	 * @return the decorator, or {@code null} if the executor applies none
	 */
	static @Nullable TaskDecorator of(Object executor, ObjectProvider<TaskDecorator> beans) {
		Field field = ReflectionUtils.findField(executor.getClass(), "taskDecorator", TaskDecorator.class);
		if (field != null) {
			ReflectionUtils.makeAccessible(field);
			return (TaskDecorator) ReflectionUtils.getField(field, executor);
		}
		List<TaskDecorator> decorators = beans.orderedStream().toList();
		return switch (decorators.size()) {
			case 0 -> null;
			case 1 -> decorators.get(0);
			default -> new CompositeTaskDecorator(decorators);
		};
	}

}

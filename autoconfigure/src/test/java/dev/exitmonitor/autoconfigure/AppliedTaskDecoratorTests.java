package dev.exitmonitor.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AppliedTaskDecorator}.
 */
class AppliedTaskDecoratorTests {

	private final List<String> runs = new ArrayList<>();

	@Test
	void readsTheDecoratorTheExecutorHoldsRatherThanTheBeans() {
		TaskDecorator held = decorator("held");
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setTaskDecorator(held);
		assertThat(AppliedTaskDecorator.of(executor, beans(decorator("bean")))).isSameAs(held);
	}

	@Test
	void anExecutorWithoutADecoratorAppliesNone() {
		assertThat(AppliedTaskDecorator.of(new ThreadPoolTaskExecutor(), beans(decorator("bean")))).isNull();
	}

	@Test
	void withoutTheFieldResolvesTheBeansAsBootsBuilderDoes() {
		Object executorWithoutField = new Object();
		assertThat(AppliedTaskDecorator.of(executorWithoutField, beans())).isNull();
		TaskDecorator only = decorator("only");
		assertThat(AppliedTaskDecorator.of(executorWithoutField, beans(only))).isSameAs(only);

		TaskDecorator combined = AppliedTaskDecorator.of(executorWithoutField,
				beans(decorator("first"), decorator("second")));
		assertThat(combined).isNotNull();
		combined.decorate(() -> this.runs.add("task")).run();
		// Both decorators, combined as Spring's CompositeTaskDecorator combines them (the last applied runs outermost).
		assertThat(this.runs).containsExactly("second", "first", "task");
	}

	private TaskDecorator decorator(String name) {
		return (task) -> () -> {
			this.runs.add(name);
			task.run();
		};
	}

	private static ObjectProvider<TaskDecorator> beans(TaskDecorator... decorators) {
		Map<String, Object> beans = new LinkedHashMap<>();
		for (int i = 0; i < decorators.length; i++) {
			beans.put("decorator" + i, decorators[i]);
		}
		return new StaticListableBeanFactory(beans).getBeanProvider(TaskDecorator.class);
	}

}

package dev.exitmonitor.benchmarks.process;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;

/**
 * The {@code executor} mode of {@link ShutdownApp}: {@value ShutdownApp#WORKERS} long-running tasks on Boot's
 * auto-configured {@code applicationTaskExecutor}, each blocked in {@link BlockingQueue#take()} and ending when
 * interrupted, as Boot users write background loops without Exit Monitor.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
class ExecutorTasksConfiguration {

	@Bean
	BlockedLatch blockedLatch() {
		return new BlockedLatch(ShutdownApp.WORKERS);
	}

	@Bean
	ApplicationRunner submitBlockedTasks(@Qualifier("applicationTaskExecutor") TaskExecutor executor,
			BlockedLatch blocked) {
		BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
		return (arguments) -> {
			for (int i = 0; i < ShutdownApp.WORKERS; i++) {
				// Interrupted by the executor's shutdown, the task ends.
				executor.execute(blocked.takeUntilInterrupted(queue));
			}
		};
	}

}

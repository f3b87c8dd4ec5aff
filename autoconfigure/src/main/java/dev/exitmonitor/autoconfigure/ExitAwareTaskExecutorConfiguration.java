package dev.exitmonitor.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.task.SimpleAsyncTaskExecutorCustomizer;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.thread.Threading;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.PendingTaskHandler;
import dev.exitmonitor.PendingTaskPolicy;

/**
 * Makes the auto-configured application task executor ({@code @Async}, {@code applicationTaskExecutor})
 * exit-aware through Boot's own extension point, a {@link ThreadPoolTaskExecutorCustomizer}, instead of
 * replacing it: its threads obey the context's exit monitor (tasks see {@code Exit.requested()}), it no
 * longer cancels queued tasks at context close, and it takes part in the exit through a
 * {@link TaskExecutorExitParticipant}. With virtual threads ({@code spring.threads.virtual.enabled}) the
 * application task executor is a {@code SimpleAsyncTaskExecutor}: its virtual threads are bound to the
 * monitor and a {@link SimpleTaskExecutorExitParticipant} rejects tasks after the exit began and joins
 * the running ones.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ThreadPoolTaskExecutorCustomizer.class)
@ConditionalOnBooleanProperty(name = "exit-monitor.executor.enabled", matchIfMissing = true)
class ExitAwareTaskExecutorConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "exitMonitorSimpleTaskExecutorCustomizer")
	@ConditionalOnThreading(Threading.VIRTUAL)
	SimpleAsyncTaskExecutorCustomizer exitMonitorSimpleTaskExecutorCustomizer(ExitMonitor monitor,
			ObjectProvider<TaskDecorator> taskDecorator) {
		return (executor) -> {
			String name = executor.getThreadNamePrefix();
			// Virtual threads bound to the context's monitor, so tasks see Exit.requested().
			SimpleTaskExecutorExitParticipant participant = new SimpleTaskExecutorExitParticipant(monitor, name);
			executor.setVirtualThreads(false);
			executor.setThreadFactory(participant.threadFactory(monitor.threadFactory(
					new VirtualThreadTaskExecutor(name).getVirtualThreadFactory(), InterruptMode.COOPERATIVE)));
			// Boot's builder applied the application's decorators already; keep them, behind ours.
			TaskDecorator applied = AppliedTaskDecorator.of(executor, taskDecorator);
			executor.setTaskDecorator((applied != null)
					? new CompositeTaskDecorator(List.of(participant, applied)) : participant);
			monitor.addParticipant(participant);
		};
	}

	@Bean
	@ConditionalOnMissingBean(name = "exitMonitorTaskExecutorCustomizer")
	ThreadPoolTaskExecutorCustomizer exitMonitorTaskExecutorCustomizer(ExitMonitor monitor,
			ExitMonitorProperties properties, ObjectProvider<PendingTaskHandler> pendingTaskHandler,
			ObjectProvider<TaskDecorator> taskDecorator, ListableBeanFactory beanFactory) {
		PendingTaskPolicy policy = properties.getExecutor().getPending();
		PendingTaskHandler handler = pendingTaskHandler.getIfUnique();
		if (policy == PendingTaskPolicy.HAND_BACK && handler == null) {
			List<String> handlers = List.of(beanFactory.getBeanNamesForType(PendingTaskHandler.class));
			if (handlers.size() > 1) {
				throw new InvalidExitMonitorConfigurationException("exit-monitor.executor.pending is HAND_BACK but "
						+ handlers.size() + " PendingTaskHandler beans are defined (" + handlers
						+ ") and none is primary: the executor cannot tell which one takes the queued tasks.",
						"Mark one of them @Primary, or define a single bean of type dev.exitmonitor.PendingTaskHandler.");
			}
			throw new InvalidExitMonitorConfigurationException(
					"exit-monitor.executor.pending is HAND_BACK but no PendingTaskHandler bean is defined: queued "
							+ "tasks would have nowhere to go.",
					"Define a single bean of type dev.exitmonitor.PendingTaskHandler, or set "
							+ "exit-monitor.executor.pending=drain.");
		}
		return (executor) -> {
			String name = executor.getThreadNamePrefix();
			executor.setThreadFactory(monitor.threadFactory(executor::createThread, InterruptMode.COOPERATIVE));
			// Keep Spring from cancelling queued tasks at context close: the exit phases own the shutdown.
			executor.setWaitForTasksToCompleteOnShutdown(true);
			executor.setRejectedExecutionHandler(TaskExecutorExitParticipant.rejectionHandler(monitor, name));
			// Boot's builder applied the application's decorators already (the pool then queues decorated tasks);
			// under hand-back, apply them through a wrapper that keeps each task's future, to cancel it.
			TaskDecorator applied = (policy == PendingTaskPolicy.HAND_BACK)
					? AppliedTaskDecorator.of(executor, taskDecorator) : null;
			if (applied != null) {
				executor.setTaskDecorator(new FutureRecordingTaskDecorator(applied));
			}
			monitor.addParticipant(new TaskExecutorExitParticipant(name, executor, policy, handler));
		};
	}

}

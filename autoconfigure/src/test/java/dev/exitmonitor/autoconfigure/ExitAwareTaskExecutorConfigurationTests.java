package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.PendingTaskHandler;
import dev.exitmonitor.ThreadExit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link ExitAwareTaskExecutorConfiguration}.
 */
class ExitAwareTaskExecutorConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, () -> (reason) -> {
		})
		.withPropertyValues("spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1");

	@Test
	void tasksOfTheApplicationTaskExecutorSeeTheExit() {
		this.contextRunner.run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			CountDownLatch started = new CountDownLatch(1);
			CompletableFuture<String> outcome = new CompletableFuture<>();
			executor.execute(() -> {
				started.countDown();
				try {
					Exit.await(new CountDownLatch(1));
					outcome.complete("returned");
				}
				catch (ThreadExit ex) {
					outcome.complete("ThreadExit, monitor is the context's: " + (Exit.monitor() == context.getBean(ExitMonitor.class)));
				}
				catch (InterruptedException ex) {
					outcome.complete("interrupted");
				}
			});
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			context.getBean(ExitMonitor.class).requestExit(ExitReason.requested("test"));
			assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("ThreadExit, monitor is the context's: true");
		});
	}

	@Test
	void submissionsAfterExitAreRejectedWithAMessageNamingTheExit() {
		this.contextRunner.run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			context.getBean(ExitMonitor.class).requestExit(ExitReason.requested("test"));
			assertThatThrownBy(() -> executor.execute(() -> {
			})).isInstanceOf(RejectedExecutionException.class)
				.rootCause()
				.hasMessageContaining("rejected a task: the application is exiting");
		});
	}

	@Test
	void queuedTasksAreDrainedByDefault() {
		this.contextRunner.run((context) -> {
			List<String> ran = new CopyOnWriteArrayList<>();
			exitWithWorkQueuedBehindARunningTask(context, ran, (executor) -> {
				executor.execute(() -> ran.add("queued-1"));
				executor.execute(() -> ran.add("queued-2"));
				return null;
			});
			assertThat(ran).containsExactly("first", "queued-1", "queued-2");
		});
	}

	@Test
	void queuedTasksAreHandedBackWhenConfigured() {
		List<Object> handedBack = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("exit-monitor.executor.pending=hand-back")
			.withBean(PendingTaskHandler.class, () -> handedBack::add)
			.run((context) -> {
				List<String> ran = new CopyOnWriteArrayList<>();
				exitWithWorkQueuedBehindARunningTask(context, ran, (executor) -> {
					executor.execute(() -> ran.add("queued-1"));
					executor.execute(() -> ran.add("queued-2"));
					return null;
				});
				assertThat(ran).containsExactly("first");
				assertThat(handedBack).hasSize(2);
			});
	}

	@Test
	void theFutureOfAHandedBackTaskCompletesAsCancelled() {
		List<Object> handedBack = new CopyOnWriteArrayList<>();
		List<Boolean> cancelledWhenHandedBack = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("exit-monitor.executor.pending=hand-back")
			.withBean(PendingTaskHandler.class, () -> (task) -> {
				handedBack.add(task);
				cancelledWhenHandedBack.add(task instanceof Future<?> future && future.isCancelled());
			})
			.run((context) -> {
				Future<String> queued = exitWithWorkQueuedBehindARunningTask(context, new CopyOnWriteArrayList<>(),
						(executor) -> executor.submit(() -> "never run"));
				assertThat(handedBack).hasSize(1);
				// Not left pending forever: a caller blocked in get() is released.
				assertThat(queued).isCancelled();
				// Cancelled before the handler saw it: the same outcome whatever the handler does with it.
				assertThat(cancelledWhenHandedBack).containsExactly(true);
			});
	}

	@Test
	void theFutureOfAHandedBackTaskCompletesAsCancelledWhenTheApplicationHasATaskDecorator() {
		List<Object> handedBack = new CopyOnWriteArrayList<>();
		List<String> decoratedRuns = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("exit-monitor.executor.pending=hand-back")
			.withBean(PendingTaskHandler.class, () -> handedBack::add)
			.withBean(TaskDecorator.class, () -> (task) -> () -> {
				decoratedRuns.add(Thread.currentThread().getName());
				task.run();
			})
			.run((context) -> {
				// With a decorator the pool queues the decorated Runnable, not the FutureTask of the submit().
				Future<String> queued = exitWithWorkQueuedBehindARunningTask(context, new CopyOnWriteArrayList<>(),
						(executor) -> executor.submit(() -> "never run"));
				assertThat(handedBack).singleElement().isNotInstanceOf(Future.class);
				assertThat(queued).isCancelled();
				assertThat(decoratedRuns).as("the application's decorator still applies to the task that ran").hasSize(1);
			});
	}

	@Test
	void withSeveralTaskDecoratorsHandBackKeepsThemAllAndCancelsTheFuture() {
		List<Object> handedBack = new CopyOnWriteArrayList<>();
		List<String> decoratedRuns = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("exit-monitor.executor.pending=hand-back")
			.withBean(PendingTaskHandler.class, () -> handedBack::add)
			.withBean("firstDecorator", TaskDecorator.class, () -> recordingDecorator("first", decoratedRuns))
			.withBean("secondDecorator", TaskDecorator.class, () -> recordingDecorator("second", decoratedRuns))
			.run((context) -> {
				Future<String> queued = exitWithWorkQueuedBehindARunningTask(context, new CopyOnWriteArrayList<>(),
						(executor) -> executor.submit(() -> "never run"));
				assertThat(handedBack).hasSize(1);
				assertThat(queued).isCancelled();
				assertThat(decoratedRuns).as("both of the application's decorators still apply")
					.containsExactlyInAnyOrder("first", "second");
			});
	}

	@Test
	void aDecoratorSetByTheApplicationsOwnCustomizerIsKeptAndHandBackStillCancelsTheFuture() {
		List<Object> handedBack = new CopyOnWriteArrayList<>();
		List<String> decoratedRuns = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("exit-monitor.executor.pending=hand-back")
			.withBean(PendingTaskHandler.class, () -> handedBack::add)
			.withBean("applicationCustomizer", ThreadPoolTaskExecutorCustomizer.class,
					() -> (executor) -> executor.setTaskDecorator(recordingDecorator("custom", decoratedRuns)))
			.run((context) -> {
				Future<String> queued = exitWithWorkQueuedBehindARunningTask(context, new CopyOnWriteArrayList<>(),
						(executor) -> executor.submit(() -> "never run"));
				assertThat(handedBack).hasSize(1);
				assertThat(queued).isCancelled();
				assertThat(decoratedRuns).containsExactly("custom");
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads exist from JDK 21; CI runs JDK 25")
	void withVirtualThreadsSeveralTaskDecoratorsStillApply() {
		List<String> decoratedRuns = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withBean("firstDecorator", TaskDecorator.class, () -> recordingDecorator("first", decoratedRuns))
			.withBean("secondDecorator", TaskDecorator.class, () -> recordingDecorator("second", decoratedRuns))
			.run((context) -> {
				SimpleAsyncTaskExecutor executor = context.getBean("applicationTaskExecutor",
						SimpleAsyncTaskExecutor.class);
				CountDownLatch ran = new CountDownLatch(1);
				executor.execute(ran::countDown);
				assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(decoratedRuns).containsExactlyInAnyOrder("first", "second");
			});
	}

	@Test
	void handBackWithoutAHandlerFailsStartUp() {
		this.contextRunner.withPropertyValues("exit-monitor.executor.pending=hand-back").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidExitMonitorConfigurationException.class)
				.hasMessageContaining("exit-monitor.executor.pending is HAND_BACK but no PendingTaskHandler bean");
		});
	}

	@Test
	void handBackWithTwoHandlersAndNoPrimaryFailsStartUpNamingThem() {
		this.contextRunner.withPropertyValues("exit-monitor.executor.pending=hand-back")
			.withBean("firstHandler", PendingTaskHandler.class, () -> (task) -> {
			})
			.withBean("secondHandler", PendingTaskHandler.class, () -> (task) -> {
			})
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidExitMonitorConfigurationException.class)
					.hasMessage("exit-monitor.executor.pending is HAND_BACK but 2 PendingTaskHandler beans are "
							+ "defined ([firstHandler, secondHandler]) and none is primary: the executor cannot tell "
							+ "which one takes the queued tasks.");
			});
	}

	@Test
	void canBeDisabled() {
		this.contextRunner.withPropertyValues("exit-monitor.executor.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("exitMonitorTaskExecutorCustomizer"));
		this.contextRunner.run((context) -> assertThat(context).hasBean("exitMonitorTaskExecutorCustomizer")
			.getBean("exitMonitorTaskExecutorCustomizer")
			.isInstanceOf(ThreadPoolTaskExecutorCustomizer.class));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads exist from JDK 21; CI runs JDK 25")
	void withVirtualThreadsTheSimpleApplicationTaskExecutorIsExitAwareToo() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			SimpleAsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", SimpleAsyncTaskExecutor.class);
			CountDownLatch started = new CountDownLatch(1);
			CompletableFuture<String> outcome = new CompletableFuture<>();
			executor.execute(() -> {
				started.countDown();
				try {
					boolean virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
					try {
						Exit.await(new CountDownLatch(1));
						outcome.complete("returned");
					}
					catch (ThreadExit ex) {
						outcome.complete("ThreadExit on a virtual thread: " + virtual);
					}
				}
				catch (Exception ex) {
					outcome.complete(ex.toString());
				}
			});
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			ExitMonitor monitor = context.getBean(ExitMonitor.class);
			monitor.requestExit(ExitReason.requested("test"));
			assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("ThreadExit on a virtual thread: true");
			assertThatThrownBy(() -> executor.execute(() -> {
			})).isInstanceOf(RejectedExecutionException.class).hasMessageContaining("the application is exiting");
			assertThat(monitor.completeExit(Duration.ofSeconds(10)).allStopped()).isTrue();
		});
	}


	/**
	 * Run one task that blocks the pool's only running slot, queue work behind it, begin the exit, let the first
	 * task end (it then records "first"), and complete the exit.
	 * @return what queuing the work returned
	 */
	private static <T> T exitWithWorkQueuedBehindARunningTask(ApplicationContext context, List<String> ran,
			Function<ThreadPoolTaskExecutor, T> queueWork) throws InterruptedException {
		ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		executor.execute(() -> {
			started.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			ran.add("first");
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		T queued = queueWork.apply(executor);
		ExitMonitor monitor = context.getBean(ExitMonitor.class);
		monitor.requestExit(ExitReason.requested("test"));
		release.countDown();
		assertThat(monitor.completeExit(Duration.ofSeconds(10)).allStopped()).isTrue();
		return queued;
	}


	private static TaskDecorator recordingDecorator(String name, List<String> runs) {
		return (task) -> () -> {
			runs.add(name);
			task.run();
		};
	}

}

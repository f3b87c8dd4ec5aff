package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.exitmonitortest.SpringNamespaceBeans;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.exitmonitor.AsyncWorker;
import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.ThreadExit;
import dev.exitmonitor.Worker;
import dev.exitmonitor.WorkerContext;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerSnapshot;
import dev.exitmonitor.WorkerState;
import dev.exitmonitor.spring.BackgroundWorker;
import dev.exitmonitor.spring.EarlyExit;
import dev.exitmonitor.spring.LateExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link BackgroundWorker} method and bean shapes that
 * {@link ExitMonitorAnnotationBeanPostProcessor} and {@link BackgroundWorkerMethods} support, and for
 * the {@code exit-monitor.workers[<name>].*} overrides.
 */
class BackgroundWorkerMethodShapesTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	// Keep-alive is covered elsewhere; here a worker that finishes must not begin the exit.
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, RecordingApplicationTerminator::new)
		.withPropertyValues("exit-monitor.keep-alive=false");

	@Test
	void loopMethodWithADelayIsCalledRepeatedly() {
		this.contextRunner.withBean("tickerBean", Ticker.class, Ticker::new).run((context) -> {
			Ticker ticker = context.getBean(Ticker.class);
			Awaitility.await().atMost(WAIT).until(() -> ticker.calls.get() >= 3);
			WorkerSnapshot snapshot = context.getBean("ticker", WorkerHandle.class).snapshot();
			assertThat(snapshot.style()).isEqualTo(WorkerDefinition.Style.LOOP);
			assertThat(snapshot.state()).isEqualTo(WorkerState.RUNNING);
		});
	}

	@Test
	void workerContextParameterNamesTheWorkerWhoseNameDefaultsToBeanNameDotMethodName() {
		this.contextRunner.withBean("contextAware", ContextAware.class, ContextAware::new).run((context) -> {
			ContextAware bean = context.getBean(ContextAware.class);
			Awaitility.await().atMost(WAIT).until(() -> !bean.names.isEmpty());
			assertThat(bean.names).containsOnly("contextAware.work");
			assertThat(bean.threadIndexes).containsOnly(1);
			assertThat(context).hasBean("contextAware.work");
			assertThat(context.getBean("contextAware.work", WorkerHandle.class).name()).isEqualTo("contextAware.work");
		});
	}

	@Test
	void longRunningModeCallsTheMethodOnceAndStopsItOnClose() {
		this.contextRunner.withBean("longRunningBean", LongRunning.class, LongRunning::new).run((context) -> {
			LongRunning bean = context.getBean(LongRunning.class);
			WorkerHandle handle = context.getBean("longRunning", WorkerHandle.class);
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> bean.stopped.isDone() || threadsIn(handle, Thread.State.TIMED_WAITING) == 1);
			assertThat(bean.calls).hasValue(1);
			assertThat(handle.snapshot().style()).isEqualTo(WorkerDefinition.Style.LONG_RUNNING);
			assertThat(handle.state()).isEqualTo(WorkerState.RUNNING);
			context.close();
			assertThat(bean.stopped).isCompletedWithValue("ThreadExit");
			assertThat(bean.calls).hasValue(1);
			assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
		});
	}

	@Test
	void loopModeWithoutADelayCallsTheMethodRepeatedly() {
		this.contextRunner.withBean("busyLoopBean", BusyLoop.class, BusyLoop::new).run((context) -> {
			BusyLoop bean = context.getBean(BusyLoop.class);
			Awaitility.await().atMost(WAIT).until(() -> bean.calls.get() >= 3);
			assertThat(context.getBean("busyLoop", WorkerHandle.class).snapshot().style())
				.isEqualTo(WorkerDefinition.Style.LOOP);
		});
	}

	@Test
	void completionStageMethodIsAnAsyncWorkerThatStopsWhenItsStopSignalCompletesOnClose() {
		this.contextRunner.withBean("asyncMethodBean", AsyncMethod.class, AsyncMethod::new).run((context) -> {
			AsyncMethod bean = context.getBean(AsyncMethod.class);
			WorkerHandle handle = context.getBean("asyncMethod", WorkerHandle.class);
			Awaitility.await().atMost(WAIT).until(bean.started::isDone);
			assertThat(handle.snapshot().style()).isEqualTo(WorkerDefinition.Style.ASYNC);
			assertThat(handle.state()).isEqualTo(WorkerState.RUNNING);
			assertThat(bean.stopped).isNotDone();
			context.close();
			assertThat(bean.stopped).isDone();
			assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
		});
	}

	@Test
	void typeLevelAnnotationRunsABeanImplementingWorker() {
		this.contextRunner.withBean("typeLevelBean", NamedTypeLevelWorker.class, NamedTypeLevelWorker::new)
			.run((context) -> {
				NamedTypeLevelWorker bean = context.getBean(NamedTypeLevelWorker.class);
				Awaitility.await().atMost(WAIT).until(() -> bean.names.size() >= 3);
				assertThat(bean.names).containsOnly("typeLevel");
				assertThat(context.getBean("typeLevel", WorkerHandle.class).snapshot().style())
					.isEqualTo(WorkerDefinition.Style.LOOP);
			});
	}

	@Test
	void typeLevelAnnotationRunsABeanImplementingAsyncWorker() {
		this.contextRunner.withBean("asyncTypeLevelBean", AsyncTypeLevelWorker.class, AsyncTypeLevelWorker::new)
			.run((context) -> {
				AsyncTypeLevelWorker bean = context.getBean(AsyncTypeLevelWorker.class);
				WorkerHandle handle = context.getBean("asyncTypeLevel", WorkerHandle.class);
				Awaitility.await().atMost(WAIT).until(bean.started::isDone);
				assertThat(handle.snapshot().style()).isEqualTo(WorkerDefinition.Style.ASYNC);
				context.close();
				assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
			});
	}

	@Test
	void typeLevelWorkerWithoutANameIsNamedAfterItsBean() {
		this.contextRunner.withBean("unnamedTypeLevel", UnnamedTypeLevelWorker.class, UnnamedTypeLevelWorker::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				UnnamedTypeLevelWorker bean = context.getBean(UnnamedTypeLevelWorker.class);
				Awaitility.await().atMost(WAIT).until(() -> !bean.names.isEmpty());
				assertThat(bean.names).containsOnly("unnamedTypeLevel");
				assertThat(context.getBean(WorkerGroup.class).worker("unnamedTypeLevel")).isPresent();
			});
	}

	@Test
	void injectedWorkerHandleStopsStartsPausesAndResumesTheWorker() {
		this.contextRunner.withUserConfiguration(HandleUserConfiguration.class).run((context) -> {
			Ticker ticker = context.getBean(Ticker.class);
			WorkerHandle handle = context.getBean(HandleUser.class).handle;
			assertThat(handle).isSameAs(context.getBean("ticker", WorkerHandle.class));
			Awaitility.await().atMost(WAIT).until(() -> ticker.calls.get() >= 1);

			handle.pause();
			// Paused between iterations: the thread parks in the pause gate (WAITING, not the delay's TIMED_WAITING).
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> handle.snapshot().paused() && threadsIn(handle, Thread.State.WAITING) == 1);
			int pausedAt = ticker.calls.get();
			Awaitility.await()
				.during(Duration.ofMillis(200))
				.atMost(WAIT)
				.until(() -> ticker.calls.get() == pausedAt);
			handle.resume();
			Awaitility.await().atMost(WAIT).until(() -> ticker.calls.get() > pausedAt);

			handle.stop();
			assertThat(handle.awaitStopped(WAIT)).isTrue();
			assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
			int stoppedAt = ticker.calls.get();
			handle.start();
			Awaitility.await().atMost(WAIT).until(() -> ticker.calls.get() > stoppedAt);
			assertThat(handle.state()).isEqualTo(WorkerState.RUNNING);
			assertThat(context.getBean(ExitMonitor.class).isExitRequested()).isFalse();
		});
	}

	@Test
	void enabledFalsePropertyCreatesNeitherTheWorkerNorItsHandleBean() {
		this.contextRunner.withBean("tickerBean", Ticker.class, Ticker::new)
			.withPropertyValues("exit-monitor.workers[ticker].enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("tickerBean").doesNotHaveBean("ticker");
				assertThat(context.getBeansOfType(WorkerHandle.class)).isEmpty();
				assertThat(context.getBean(WorkerGroup.class).workers()).isEmpty();
				assertThat(context.getBean(Ticker.class).calls).hasValue(0);
			});
	}

	@Test
	void concurrencyPropertyRunsTheWorkerOnThatManyNamedThreads() {
		this.contextRunner.withBean("parallelBean", Parallel.class, Parallel::new)
			.withPropertyValues("exit-monitor.workers[parallel].concurrency=3")
			.run((context) -> {
				Parallel bean = context.getBean(Parallel.class);
				Awaitility.await().atMost(WAIT).until(() -> bean.threads.size() >= 3);
				assertThat(bean.threads).containsExactlyInAnyOrder("parallel-1 #1", "parallel-2 #2", "parallel-3 #3");
				assertThat(context.getBean("parallel", WorkerHandle.class).snapshot().threads())
					.extracting(WorkerSnapshot.ThreadSnapshot::name)
					.containsExactlyInAnyOrder("parallel-1", "parallel-2", "parallel-3");
			});
	}

	@Test
	void delayPropertyOverridesTheDelayOfTheAnnotation() {
		// The annotation says one hour: only the override lets the loop run more than once.
		this.contextRunner.withBean("hourlyBean", Hourly.class, Hourly::new)
			.withPropertyValues("exit-monitor.workers[hourly].delay=1ms")
			.run((context) -> {
				Hourly bean = context.getBean(Hourly.class);
				Awaitility.await().atMost(WAIT).until(() -> bean.calls.get() >= 3);
			});
	}

	@Test
	void delayPropertyMakesAnAutoModeMethodWithoutDelayALoop() {
		this.contextRunner.withBean("autoModeBean", AutoMode.class, AutoMode::new)
			.withPropertyValues("exit-monitor.workers[autoMode].delay=1ms")
			.run((context) -> {
				AutoMode bean = context.getBean(AutoMode.class);
				Awaitility.await().atMost(WAIT).until(() -> bean.calls.get() >= 3);
				assertThat(context.getBean("autoMode", WorkerHandle.class).snapshot().style())
					.isEqualTo(WorkerDefinition.Style.LOOP);
			});
	}

	@Test
	void withoutADelayAnAutoModeMethodIsLongRunning() {
		this.contextRunner.withBean("autoModeBean", AutoMode.class, AutoMode::new).run((context) -> {
			WorkerHandle handle = context.getBean("autoMode", WorkerHandle.class);
			Awaitility.await().atMost(WAIT).until(() -> handle.state() == WorkerState.STOPPED);
			assertThat(handle.snapshot().style()).isEqualTo(WorkerDefinition.Style.LONG_RUNNING);
			assertThat(context.getBean(AutoMode.class).calls).hasValue(1);
		});
	}

	@Test
	void workerWithAutoStartupFalseStaysNewUntilItsHandleStartsIt() {
		this.contextRunner.withBean("manualBean", Manual.class, Manual::new).run((context) -> {
			Manual bean = context.getBean(Manual.class);
			WorkerHandle handle = context.getBean("manual", WorkerHandle.class);
			assertThat(handle.state()).isEqualTo(WorkerState.NEW);
			assertThat(bean.calls).hasValue(0);
			handle.start();
			Awaitility.await().atMost(WAIT).until(() -> bean.calls.get() >= 1);
			assertThat(handle.state()).isEqualTo(WorkerState.RUNNING);
		});
	}

	@Test
	void autoStartupPropertyOverridesTheAnnotation() {
		this.contextRunner.withBean("tickerBean", Ticker.class, Ticker::new)
			.withPropertyValues("exit-monitor.workers[ticker].auto-startup=false")
			.run((context) -> {
				WorkerHandle handle = context.getBean("ticker", WorkerHandle.class);
				assertThat(handle.state()).isEqualTo(WorkerState.NEW);
				handle.start();
				Ticker ticker = context.getBean(Ticker.class);
				Awaitility.await().atMost(WAIT).until(() -> ticker.calls.get() >= 1);
			});
	}

	@Test
	void methodOfATransactionalClassProxyRunsInsideATransaction() {
		this.contextRunner.withConfiguration(transactionConfigurations())
			.withBean("transactionalBean", TransactionalWorker.class, TransactionalWorker::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TransactionalWorker bean = context.getBean(TransactionalWorker.class);
				assertThat(AopUtils.isCglibProxy(bean)).isTrue();
				Awaitility.await().atMost(WAIT).until(() -> bean.transactionActive().size() >= 3);
				assertThat(bean.transactionActive()).containsOnly(true);
			});
	}

	@Test
	void methodOfATransactionalInterfaceProxyRunsInsideATransaction() {
		this.contextRunner.withConfiguration(transactionConfigurations())
			.withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean("transactionalJob", TransactionalJob.class, TransactionalJobImpl::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TransactionalJob bean = context.getBean(TransactionalJob.class);
				assertThat(AopUtils.isJdkDynamicProxy(bean)).isTrue();
				Awaitility.await().atMost(WAIT).until(() -> bean.transactionActive().size() >= 3);
				assertThat(bean.transactionActive()).containsOnly(true);
			});
	}

	@Test
	void earlyAndLateExitMethodsReceiveTheExitReason() {
		ExitMethods bean = new ExitMethods();
		this.contextRunner.withBean("exitMethods", ExitMethods.class, () -> bean).run((context) -> {
			assertThat(bean.events).isEmpty();
			context.close();
		});
		assertThat(bean.events).hasSize(3);
		String reason = bean.events.stream().filter((event) -> event.startsWith("early CONTAINER_CLOSING")).findFirst()
			.orElseThrow().substring("early ".length());
		assertThat(reason).startsWith("CONTAINER_CLOSING application context '").endsWith("' is closing");
		// The two early methods run in no particular order, both before the late one.
		assertThat(bean.events.subList(0, 2)).containsExactlyInAnyOrder("early without reason", "early " + reason);
		assertThat(bean.events.get(2)).isEqualTo("late " + reason);
	}

	@Test
	void beansOfSpringsOwnClassesAreSearchedOnlyWhenTheyAreComponents() {
		SpringNamespaceBeans.Calls calls = new SpringNamespaceBeans.Calls();
		this.contextRunner.withBean(SpringNamespaceBeans.Calls.class, () -> calls)
			.withBean(SpringNamespaceBeans.Infrastructure.class)
			.withBean(SpringNamespaceBeans.AnnotatedComponent.class)
			.withUserConfiguration(SpringNamespaceBeans.ProxiedConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SpringNamespaceBeans.ProxiedConfiguration.class).getClass())
					.as("the @Configuration bean is a CGLIB subclass")
					.isNotEqualTo(SpringNamespaceBeans.ProxiedConfiguration.class);
				context.close();
			});
		assertThat(calls.calls()).containsExactlyInAnyOrder("component", "configuration");
	}

	private static AutoConfigurations transactionConfigurations() {
		return AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class);
	}

	private static long threadsIn(WorkerHandle handle, Thread.State state) {
		return handle.snapshot().threads().stream().filter((thread) -> thread.state() == state).count();
	}

	static class Ticker {

		final AtomicInteger calls = new AtomicInteger();

		@BackgroundWorker(name = "ticker", delay = "1ms")
		void tick() {
			this.calls.incrementAndGet();
		}

	}

	static class ContextAware {

		final Set<String> names = ConcurrentHashMap.newKeySet();

		final Set<Integer> threadIndexes = ConcurrentHashMap.newKeySet();

		@BackgroundWorker(delay = "1ms")
		void work(WorkerContext context) {
			this.names.add(context.workerName());
			this.threadIndexes.add(context.threadIndex());
		}

	}

	static class LongRunning {

		final AtomicInteger calls = new AtomicInteger();

		final CompletableFuture<String> stopped = new CompletableFuture<>();

		@BackgroundWorker(name = "longRunning", mode = BackgroundWorker.Mode.LONG_RUNNING)
		void run() throws InterruptedException {
			this.calls.incrementAndGet();
			try {
				Exit.sleep(Duration.ofHours(1));
				this.stopped.complete("returned");
			}
			catch (Error ex) {
				this.stopped.complete((ex instanceof ThreadExit) ? "ThreadExit" : ex.toString());
				throw ex;
			}
		}

	}

	static class BusyLoop {

		final AtomicInteger calls = new AtomicInteger();

		@BackgroundWorker(name = "busyLoop", mode = BackgroundWorker.Mode.LOOP)
		void spin() {
			this.calls.incrementAndGet();
		}

	}

	static class AsyncMethod {

		final CompletableFuture<String> started = new CompletableFuture<>();

		final CompletableFuture<Void> stopped = new CompletableFuture<>();

		@BackgroundWorker(name = "asyncMethod")
		CompletionStage<Void> run(WorkerContext context) {
			this.started.complete(context.workerName());
			return context.stopSignal().thenRun(() -> this.stopped.complete(null));
		}

	}

	@BackgroundWorker(name = "typeLevel", delay = "1ms")
	static class NamedTypeLevelWorker implements Worker {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Override
		public void run(WorkerContext context) {
			this.names.add(context.workerName());
		}

	}

	@BackgroundWorker(name = "asyncTypeLevel")
	static class AsyncTypeLevelWorker implements AsyncWorker {

		final CompletableFuture<String> started = new CompletableFuture<>();

		@Override
		public CompletionStage<?> start(WorkerContext context) {
			this.started.complete(context.workerName());
			return context.stopSignal();
		}

	}

	@BackgroundWorker(delay = "1ms")
	static class UnnamedTypeLevelWorker implements Worker {

		final Set<String> names = ConcurrentHashMap.newKeySet();

		@Override
		public void run(WorkerContext context) {
			this.names.add(context.workerName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandleUserConfiguration {

		@Bean
		Ticker tickerBean() {
			return new Ticker();
		}

		@Bean
		HandleUser handleUser(Ticker tickerBean, @Qualifier("ticker") WorkerHandle handle) {
			return new HandleUser(handle);
		}

	}

	static class HandleUser {

		final WorkerHandle handle;

		HandleUser(WorkerHandle handle) {
			this.handle = handle;
		}

	}

	static class Parallel {

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@BackgroundWorker(name = "parallel", delay = "1ms")
		void work(WorkerContext context) {
			this.threads.add(Thread.currentThread().getName() + " #" + context.threadIndex());
		}

	}

	static class Hourly {

		final AtomicInteger calls = new AtomicInteger();

		@BackgroundWorker(name = "hourly", delay = "1h")
		void work() {
			this.calls.incrementAndGet();
		}

	}

	static class AutoMode {

		final AtomicInteger calls = new AtomicInteger();

		@BackgroundWorker(name = "autoMode")
		void work() {
			this.calls.incrementAndGet();
		}

	}

	static class Manual {

		final AtomicInteger calls = new AtomicInteger();

		@BackgroundWorker(name = "manual", delay = "1ms", autoStartup = false)
		void work() {
			this.calls.incrementAndGet();
		}

	}

	static class TransactionalWorker {

		private final List<Boolean> transactionActive = new CopyOnWriteArrayList<>();

		@BackgroundWorker(name = "transactional", delay = "1ms")
		@Transactional
		public void work() {
			this.transactionActive.add(TransactionSynchronizationManager.isActualTransactionActive());
		}

		// Read through a method: the fields of a CGLIB proxy instance are not the target's.
		public List<Boolean> transactionActive() {
			return this.transactionActive;
		}

	}

	interface TransactionalJob {

		void work();

		List<Boolean> transactionActive();

	}

	static class TransactionalJobImpl implements TransactionalJob {

		private final List<Boolean> transactionActive = new CopyOnWriteArrayList<>();

		@Override
		@BackgroundWorker(name = "transactionalJobWorker", delay = "1ms")
		@Transactional
		public void work() {
			this.transactionActive.add(TransactionSynchronizationManager.isActualTransactionActive());
		}

		@Override
		public List<Boolean> transactionActive() {
			return this.transactionActive;
		}

	}

	static class ExitMethods {

		final List<String> events = new CopyOnWriteArrayList<>();

		@EarlyExit
		void earlyWithoutReason() {
			this.events.add("early without reason");
		}

		@EarlyExit
		void early(ExitReason reason) {
			this.events.add("early " + reason.kind() + " " + reason.description());
		}

		@LateExit
		void late(ExitReason reason) {
			this.events.add("late " + reason.kind() + " " + reason.description());
		}

	}

}

package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerState;
import dev.exitmonitor.spring.BackgroundWorker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApplicationExitCoordinator}: the application closes once every worker finished on
 * its own, keep-alive neither polls nor runs a thread when something else keeps the JVM alive, and it
 * does not take over the exit that a {@code STOP_APPLICATION} failure begins.
 */
class ApplicationExitCoordinatorTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, RecordingApplicationTerminator::new);

	@Test
	void applicationClosesWhenTheLastWorkerFinishesOnItsOwn() {
		this.contextRunner.withPropertyValues("exit-monitor.keep-alive=true")
			.withBean("finiteWorkers", FiniteWorkers.class, FiniteWorkers::new)
			.run((context) -> {
				RecordingApplicationTerminator terminator = context.getBean(RecordingApplicationTerminator.class);
				WorkerHandle quick = context.getBean("quick", WorkerHandle.class);
				assertThat(quick.awaitStopped(WAIT)).isTrue();
				// One worker still runs: the application stays up.
				assertThat(context.getBean("slow", WorkerHandle.class).state()).isEqualTo(WorkerState.RUNNING);
				assertThat(context.getBean(ExitMonitor.class).isExitRequested()).isFalse();
				assertThat(terminator.wasCalled()).isFalse();
				context.getBean(FiniteWorkers.class).release.countDown();
				ExitReason reason = terminator.reason.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(reason).isEqualTo(ExitReason.requested("every background worker finished"));
			});
	}

	@Test
	void workerThatEndsWhileTheOthersAreStillBeingStartedDoesNotCloseTheApplication() {
		// The async worker's stage is complete when its method returns, so it ends inside the group's start,
		// before the sleeping worker (registered after it) has started.
		this.contextRunner.withPropertyValues("exit-monitor.keep-alive=true")
			.withBean("doneAtOnceWorker", DoneAtOnceWorker.class, DoneAtOnceWorker::new)
			.withBean("sleepingWorker", SleepingWorker.class, SleepingWorker::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("doneAtOnce", WorkerHandle.class).state()).isEqualTo(WorkerState.STOPPED);
				ExitMonitor monitor = context.getBean(ExitMonitor.class);
				Awaitility.await("the application stays up")
					.during(Duration.ofMillis(500))
					.atMost(WAIT)
					.until(() -> !monitor.isExitRequested());
				assertThat(context.getBean("sleeping", WorkerHandle.class).state()).isEqualTo(WorkerState.RUNNING);
				assertThat(context.getBean(RecordingApplicationTerminator.class).wasCalled()).isFalse();
			});
	}

	@Test
	void applicationClosesWhenEveryWorkerEndedWhileTheyWereBeingStarted() {
		this.contextRunner.withPropertyValues("exit-monitor.keep-alive=true")
			.withBean("doneAtOnceWorker", DoneAtOnceWorker.class, DoneAtOnceWorker::new)
			.run((context) -> {
				ExitReason reason = context.getBean(RecordingApplicationTerminator.class).reason.get(WAIT.toMillis(),
						TimeUnit.MILLISECONDS);
				assertThat(reason).isEqualTo(ExitReason.requested("every background worker finished"));
			});
	}

	@Test
	void keepAliveThreadWaitsWithoutATimeoutAndEndsWhenTheExitBegins() {
		this.contextRunner.withPropertyValues("exit-monitor.keep-alive=true")
			.withBean("sleepingWorker", SleepingWorker.class, SleepingWorker::new)
			.run((context) -> {
				Thread keeper = context.getBean(ApplicationExitCoordinator.class).keepAliveThread();
				assertThat(keeper).isNotNull();
				assertThat(keeper.getName()).isEqualTo("exit-monitor-keep-alive");
				assertThat(keeper.isDaemon()).isFalse();
				// WAITING, never TIMED_WAITING: it does not wake up while the workers run.
				Awaitility.await().atMost(WAIT).until(() -> keeper.getState() == Thread.State.WAITING);
				context.getBean(ExitMonitor.class).requestExit(ExitReason.requested("test"));
				keeper.join(WAIT.toMillis());
				assertThat(keeper.isAlive()).isFalse();
			});
	}

	@Test
	void withoutKeepAliveNoKeepAliveThreadIsStarted() {
		this.contextRunner.withPropertyValues("exit-monitor.keep-alive=false")
			.withBean("sleepingWorker", SleepingWorker.class, SleepingWorker::new)
			.run((context) -> assertThat(context.getBean(ApplicationExitCoordinator.class).keepAliveThread())
				.isNull());
	}

	@Test
	void springKeepAlivePropertyReplacesTheKeepAliveThreadAndFinishedWorkersStillCloseTheApplication() {
		this.contextRunner.withPropertyValues("spring.main.keep-alive=true")
			.withBean("finiteWorkers", FiniteWorkers.class, FiniteWorkers::new)
			.run((context) -> {
				context.getBean(FiniteWorkers.class).release.countDown();
				RecordingApplicationTerminator terminator = context.getBean(RecordingApplicationTerminator.class);
				ExitReason reason = terminator.reason.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(reason).isEqualTo(ExitReason.requested("every background worker finished"));
				assertThat(context.getBean(ApplicationExitCoordinator.class).keepAliveThread()).isNull();
			});
	}

	@Test
	void springApplicationKeepAliveReplacesTheKeepAliveThread() {
		SpringApplication application = new SpringApplication(KeptAliveApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		// Set in code, not through spring.main.keep-alive: no property tells.
		application.setKeepAlive(true);
		ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off");
		try {
			assertThat(context.getBean(ApplicationExitCoordinator.class).keepAliveThread()).isNull();
			assertThat(context.getBean("sleeping", WorkerHandle.class).state()).isEqualTo(WorkerState.RUNNING);
		}
		finally {
			context.close();
		}
	}

	// Repeated: the failing worker becomes FAILED a moment before its exit is requested (from another
	// thread), and keep-alive must not see that moment as "every worker finished on its own".
	@RepeatedTest(20)
	void stopApplicationFailureEndsTheApplicationWithTheFailureExitCodeUnderKeepAlive() {
		this.contextRunner.withPropertyValues("exit-monitor.keep-alive=true")
			.withBean("fatalWorker", FatalWorker.class, FatalWorker::new)
			.run((context) -> {
				RecordingApplicationTerminator terminator = context.getBean(RecordingApplicationTerminator.class);
				ExitReason reason = terminator.reason.get(10, TimeUnit.SECONDS);
				assertThat(reason.kind()).as("reason %s", reason).isEqualTo(ExitReason.Kind.FAILURE);
				assertThat(reason.exitCode()).isEqualTo(42);
			});
	}

	static class FatalWorker {

		@BackgroundWorker(name = "fatal", failurePolicy = FailurePolicy.STOP_APPLICATION, failureExitCode = 42)
		void fail() {
			throw new IllegalStateException("cannot continue");
		}

	}

	static class FiniteWorkers {

		final CountDownLatch release = new CountDownLatch(1);

		@BackgroundWorker(name = "quick")
		void quick() {
		}

		@BackgroundWorker(name = "slow")
		void slow() throws InterruptedException {
			this.release.await();
		}

	}

	static class DoneAtOnceWorker {

		@BackgroundWorker(name = "doneAtOnce")
		CompletionStage<Void> run() {
			return CompletableFuture.completedFuture(null);
		}

	}

	static class SleepingWorker {

		@BackgroundWorker(name = "sleeping")
		void sleep() throws InterruptedException {
			// Exit-aware: woken when the worker is asked to stop.
			Exit.sleep(Duration.ofHours(1));
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ExitMonitorAutoConfiguration.class)
	static class KeptAliveApplication {

		@Bean
		RecordingApplicationTerminator recordingApplicationTerminator() {
			return new RecordingApplicationTerminator();
		}

		@Bean
		SleepingWorker sleepingWorker() {
			return new SleepingWorker();
		}

	}

}

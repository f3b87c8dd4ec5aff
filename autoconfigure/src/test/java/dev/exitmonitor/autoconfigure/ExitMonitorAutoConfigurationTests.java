package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitPhase;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.FailurePolicy;
import dev.exitmonitor.StragglerPolicy;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerState;
import dev.exitmonitor.spring.BackgroundWorker;
import dev.exitmonitor.spring.EarlyExit;
import dev.exitmonitor.spring.ExitRequestedEvent;
import dev.exitmonitor.spring.LateExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExitMonitorAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExitMonitorAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, RecordingTerminator::new);

	@Test
	void defaultsProvideMonitorWorkerGroupLifecyclesAndExitCodeGenerator() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ExitMonitor.class)
				.hasSingleBean(WorkerGroup.class)
				.hasSingleBean(EarlyExitLifecycle.class)
				.hasSingleBean(LateExitLifecycle.class)
				.hasBean("exitMonitorExitCodeGenerator");
			assertThat(context.getBean(ExitMonitor.class)).isNotSameAs(ExitMonitor.global());
			assertThat(context.getBean(EarlyExitLifecycle.class).getPhase()).isEqualTo(Integer.MAX_VALUE);
			assertThat(context.getBean(LateExitLifecycle.class).getPhase()).isEqualTo(Integer.MIN_VALUE);
		});
	}

	@Test
	void canBeDisabled() {
		this.contextRunner.withPropertyValues("exit-monitor.enabled=false")
			.withUserConfiguration(PollerConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ExitMonitor.class)
				.doesNotHaveBean(WorkerGroup.class)
				.doesNotHaveBean(EarlyExitLifecycle.class)
				.doesNotHaveBean("poller"));
	}

	@Test
	void backsOffFromAUserDefinedMonitor() {
		ExitMonitor mine = ExitMonitor.create("mine");
		this.contextRunner.withBean(ExitMonitor.class, () -> mine)
			.run((context) -> assertThat(context.getBean(ExitMonitor.class)).isSameAs(mine));
	}

	@Test
	void phasesAreConfigurable() {
		this.contextRunner.withPropertyValues("exit-monitor.phases.early=1000", "exit-monitor.phases.late=-1000")
			.run((context) -> {
				assertThat(context.getBean(EarlyExitLifecycle.class).getPhase()).isEqualTo(1000);
				assertThat(context.getBean(LateExitLifecycle.class).getPhase()).isEqualTo(-1000);
			});
	}

	@Test
	void stragglerSettingsComeFromProperties() {
		this.contextRunner
			.withPropertyValues("exit-monitor.shutdown.straggler-policy=abort", "exit-monitor.shutdown.abort-exit-code=9",
					"exit-monitor.shutdown.escalation-grace=2s")
			.run((context) -> {
				ExitMonitor monitor = context.getBean(ExitMonitor.class);
				assertThat(monitor.stragglerSettings().policy()).isEqualTo(StragglerPolicy.ABORT);
				assertThat(monitor.stragglerSettings().abortExitCode()).isEqualTo(9);
				assertThat(monitor.stragglerSettings().escalationGrace()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void twoContextsDoNotShareExitState() {
		this.contextRunner.run((first) -> this.contextRunner.run((second) -> {
			ExitMonitor firstMonitor = first.getBean(ExitMonitor.class);
			ExitMonitor secondMonitor = second.getBean(ExitMonitor.class);
			assertThat(firstMonitor).isNotSameAs(secondMonitor);
			first.close();
			assertThat(firstMonitor.isExitRequested()).isTrue();
			assertThat(secondMonitor.isExitRequested()).isFalse();
			assertThat(ExitMonitor.global().isExitRequested()).isFalse();
		}));
	}

	@Test
	void backgroundWorkerMethodRunsAndIsRegisteredAsAHandleBean() {
		this.contextRunner.withUserConfiguration(PollerConfiguration.class).run((context) -> {
			Poller poller = context.getBean(Poller.class);
			Awaitility.await().atMost(WAIT).until(() -> poller.calls.get() >= 3);
			WorkerHandle handle = context.getBean("poller", WorkerHandle.class);
			assertThat(handle.state()).isEqualTo(WorkerState.RUNNING);
			handle.stop();
			assertThat(handle.awaitStopped(WAIT)).isTrue();
			assertThat(context.getBean(ExitMonitor.class).isExitRequested()).isFalse();
		});
	}

	@Test
	void closingTheContextRunsEarlyThenStopsWorkersThenRunsLate() {
		Events events = new Events();
		this.contextRunner.withUserConfiguration(PhasesConfiguration.class)
			.withBean(Events.class, () -> events)
			.run((context) -> {
				Awaitility.await().atMost(WAIT).until(() -> events.list.contains("worker running"));
				ExitMonitor monitor = context.getBean(ExitMonitor.class);
				context.close();
				assertThat(monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
			});
		assertThat(events.list).containsSubsequence("worker running", "readiness REFUSING_TRAFFIC",
				"event CONTAINER_CLOSING", "early CONTAINER_CLOSING", "worker stopped", "late");
	}

	@Test
	void userLifecyclesStopBetweenTheEarlyAndLatePhases() {
		Events events = new Events();
		this.contextRunner.withUserConfiguration(PhasesConfiguration.class)
			.withBean(Events.class, () -> events)
			.withBean("highUserLifecycle", SmartLifecycle.class, () -> new RecordingLifecycle(events, "high", Integer.MAX_VALUE - 1))
			.withBean("lowUserLifecycle", SmartLifecycle.class, () -> new RecordingLifecycle(events, "low", Integer.MIN_VALUE + 1))
			.run(ConfigurableApplicationContext::close);
		assertThat(events.list).containsSubsequence("early CONTAINER_CLOSING", "high stopped", "low stopped", "late");
	}

	@Test
	void stopApplicationFailureEndsTheApplicationWithItsExitCode() {
		this.contextRunner.withUserConfiguration(FatalConfiguration.class).run((context) -> {
			RecordingTerminator terminator = (RecordingTerminator) context.getBean(ExitMonitorApplicationTerminator.class);
			ExitReason reason = terminator.reason.get(10, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(reason.exitCode()).isEqualTo(42);
			assertThat(context.getBean("exitMonitorExitCodeGenerator", ExitCodeGenerator.class).getExitCode())
				.isEqualTo(42);
		});
	}

	@Test
	void keepAliveEndsTheApplicationWhenEveryWorkerFinished() {
		this.contextRunner.withUserConfiguration(FiniteConfiguration.class).run((context) -> {
			RecordingTerminator terminator = (RecordingTerminator) context.getBean(ExitMonitorApplicationTerminator.class);
			ExitReason reason = terminator.reason.get(10, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(reason.exitCode()).isZero();
			assertThat(reason.description()).isEqualTo("every background worker finished");
		});
	}

	@Test
	void withoutKeepAliveFinishedWorkersDoNotEndTheApplication() {
		this.contextRunner.withUserConfiguration(FiniteConfiguration.class)
			.withPropertyValues("exit-monitor.keep-alive=false")
			.run((context) -> {
				WorkerHandle handle = context.getBean("finite", WorkerHandle.class);
				assertThat(handle.awaitStopped(WAIT)).isTrue();
				assertThat(context.getBean(ExitMonitor.class).isExitRequested()).isFalse();
			});
	}

	@Test
	void warnsWhenTheLifecycleTimeoutIsShorterThanTheShutdownTimeout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=10s", "exit-monitor.shutdown.timeout=20s")
			.run((context) -> assertThat(output).contains(
					"spring.lifecycle.timeout-per-shutdown-phase (10000ms) is shorter than the late exit phase may take")
				.contains("Raise spring.lifecycle.timeout-per-shutdown-phase to at least 25000ms"));
	}

	@Test
	void doesNotWarnWithTheDefaultsOfSpringAndExitMonitor(CapturedOutput output) {
		// 20 s to join plus 5 s of escalation grace fit Spring's default 30 s per shutdown phase.
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("spring.lifecycle.timeout-per-shutdown-phase (");
		});
	}

	@Test
	void doesNotWarnWhenTheLifecycleTimeoutIsLongEnough(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=60s")
			.run((context) -> assertThat(output).doesNotContain("spring.lifecycle.timeout-per-shutdown-phase ("));
	}

	@Test
	void negativeShutdownTimeoutFailsStartUp() {
		this.contextRunner.withPropertyValues("exit-monitor.shutdown.timeout=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidExitMonitorConfigurationException.class)
				.hasMessage("Invalid value 'PT-1S' for property 'exit-monitor.shutdown.timeout': it must be a positive duration.");
		});
	}

	static class Events {

		final List<String> list = new CopyOnWriteArrayList<>();

	}

	static class RecordingTerminator implements ExitMonitorApplicationTerminator {

		final CompletableFuture<ExitReason> reason = new CompletableFuture<>();

		@Override
		public void terminate(ExitReason reason) {
			this.reason.complete(reason);
		}

	}

	static class RecordingLifecycle implements SmartLifecycle {

		private final Events events;

		private final String name;

		private final int phase;

		private volatile boolean running;

		RecordingLifecycle(Events events, String name, int phase) {
			this.events = events;
			this.name = name;
			this.phase = phase;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
			this.events.list.add(this.name + " stopped");
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return this.phase;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PollerConfiguration {

		@Bean
		Poller pollerBean() {
			return new Poller();
		}

	}

	static class Poller {

		final AtomicInteger calls = new AtomicInteger();

		@BackgroundWorker(name = "poller", delay = "1ms")
		void poll() {
			this.calls.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PhasesConfiguration {

		@Bean
		PhasedBean phasedBean(Events events) {
			return new PhasedBean(events);
		}

		@Bean
		ApplicationListener<AvailabilityChangeEvent<?>> readinessListener(Events events) {
			return (event) -> {
				if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
					events.list.add("readiness REFUSING_TRAFFIC");
				}
			};
		}

		@Bean
		ApplicationListener<ExitRequestedEvent> exitRequestedListener(Events events) {
			return (event) -> events.list.add("event " + event.getReason().kind());
		}

	}

	static class PhasedBean {

		private final Events events;

		PhasedBean(Events events) {
			this.events = events;
		}

		@BackgroundWorker(name = "phased")
		void work() throws InterruptedException {
			this.events.list.add("worker running");
			try {
				Exit.sleep(Duration.ofHours(1));
			}
			finally {
				this.events.list.add("worker stopped");
			}
		}

		@EarlyExit
		void early(ExitReason reason) {
			this.events.list.add("early " + reason.kind());
		}

		@LateExit
		void late() {
			this.events.list.add("late");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FatalConfiguration {

		@Bean
		Fatal fatalBean() {
			return new Fatal();
		}

	}

	static class Fatal {

		@BackgroundWorker(name = "fatal", failurePolicy = FailurePolicy.STOP_APPLICATION, failureExitCode = 42)
		void fail() {
			throw new IllegalStateException("cannot continue");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FiniteConfiguration {

		@Bean
		Finite finiteBean() {
			return new Finite();
		}

	}

	static class Finite {

		@BackgroundWorker(name = "finite")
		void once() {
		}

	}

}

package dev.exitmonitor.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.annotation.Transactional;

import dev.exitmonitor.AsyncWorker;
import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.WorkerContext;
import dev.exitmonitor.spring.BackgroundWorker;
import dev.exitmonitor.spring.EarlyExit;
import dev.exitmonitor.spring.LateExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that invalid {@link BackgroundWorker}, {@link EarlyExit} and {@link LateExit} declarations and
 * invalid {@code exit-monitor.*} properties fail start-up with an
 * {@link InvalidExitMonitorConfigurationException} (or, for a value Boot cannot bind, Boot's own bind
 * failure) that names what is wrong.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidBackgroundWorkerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, RecordingApplicationTerminator::new);

	@Test
	void methodWithUnsupportedParameterTypesFailsStartUp() {
		this.contextRunner.withBean("unsupportedParameters", UnsupportedParameters.class, UnsupportedParameters::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @BackgroundWorker method 'UnsupportedParameters.work(String, int)' of bean "
							+ "'unsupportedParameters' is invalid: it has unsupported parameters (String, int)."));
	}

	@Test
	void methodReturningNeitherVoidNorACompletionStageFailsStartUp() {
		this.contextRunner.withBean("unsupportedReturnType", UnsupportedReturnType.class, UnsupportedReturnType::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @BackgroundWorker method 'UnsupportedReturnType.work()' of bean 'unsupportedReturnType' "
							+ "is invalid: it returns java.lang.String."));
	}

	@Test
	void staticMethodFailsStartUp() {
		this.contextRunner.withBean("staticWorker", StaticWorker.class, StaticWorker::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @BackgroundWorker method 'StaticWorker.work()' of bean 'staticWorker' is invalid: it is "
							+ "static."));
	}

	@Test
	void privateMethodFailsStartUp() {
		this.contextRunner.withBean("privateWorker", PrivateWorker.class, PrivateWorker::new)
			.run((context) -> assertInvalid(context)
				.hasMessage("The @BackgroundWorker method 'PrivateWorker.work()' of bean 'privateWorker' is invalid: "
						+ "it is private, so it cannot be called through the bean's proxy."));
	}

	@Test
	void unparsableDelayFailsStartUp() {
		this.contextRunner.withBean("unparsableDelay", UnparsableDelay.class, UnparsableDelay::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @BackgroundWorker method 'UnparsableDelay.work()' of bean 'unparsableDelay' is invalid: "
							+ "its delay 'soon' is not a duration."));
	}

	@Test
	void zeroConcurrencyFailsStartUp() {
		this.contextRunner.withBean("zeroConcurrency", ZeroConcurrency.class, ZeroConcurrency::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @BackgroundWorker method 'ZeroConcurrency.work()' of bean 'zeroConcurrency' is invalid: "
							+ "Worker 'zero': concurrency must be at least 1, but was 0."));
	}

	@Test
	void zeroConcurrencyPropertyFailsStartUp() {
		this.contextRunner.withBean("delayedWorker", DelayedWorker.class, DelayedWorker::new)
			.withPropertyValues("exit-monitor.workers[delayed].concurrency=0")
			.run((context) -> assertInvalid(context)
				.hasMessageStartingWith("The @BackgroundWorker method 'DelayedWorker.work()' of bean 'delayedWorker' "
						+ "is invalid: Worker 'delayed': concurrency must be at least 1, but was 0."));
	}

	@Test
	void duplicateWorkerNamesAcrossTwoBeansFailStartUp() {
		this.contextRunner.withUserConfiguration(DuplicateNamesConfiguration.class)
			.run((context) -> assertInvalid(context).hasMessage(
					"Worker name 'duplicate' of the @BackgroundWorker method 'SecondDuplicate.drain()' of bean 'secondDuplicate' "
						+ "is already used by the @BackgroundWorker method 'FirstDuplicate.poll()' of bean 'firstDuplicate'."));
	}

	@Test
	void duplicateWorkerNameFailureNamesTheMethodAndTheBeanThatAlreadyUsesTheName() {
		this.contextRunner.withUserConfiguration(DuplicateNamesConfiguration.class)
			.run((context) -> assertInvalid(context).hasMessageContaining("SecondDuplicate.drain()")
				.hasMessageContaining("'firstDuplicate'"));
	}

	@Test
	void typeLevelAnnotationOnABeanThatIsNeitherAWorkerNorAnAsyncWorkerFailsStartUp() {
		this.contextRunner.withBean("plainBean", PlainBean.class, PlainBean::new)
			.run((context) -> assertInvalid(context)
				.hasMessage("The @BackgroundWorker bean 'plainBean' (" + PlainBean.class.getName()
						+ ") is invalid: it implements neither Worker nor AsyncWorker."));
	}

	@Test
	void asyncMethodWithADelayFailsStartUp() {
		this.contextRunner.withBean("delayedAsync", DelayedAsync.class, DelayedAsync::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @BackgroundWorker method 'DelayedAsync.start()' of bean 'delayedAsync' is invalid: it is an "
							+ "async worker (it returns a CompletionStage) but sets a delay."));
	}

	@Test
	void earlyExitMethodWithAnUnsupportedParameterFailsStartUp() {
		this.contextRunner.withBean("badEarlyExit", BadEarlyExit.class, BadEarlyExit::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @EarlyExit method 'BadEarlyExit.early(String)' of bean 'badEarlyExit' is invalid: it has "
							+ "unsupported parameters (String)."));
	}

	@Test
	void privateLateExitMethodFailsStartUp() {
		this.contextRunner.withBean("privateLateExit", PrivateLateExit.class, PrivateLateExit::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @LateExit method 'PrivateLateExit.late()' of bean 'privateLateExit' is invalid: it is "
							+ "private."));
	}

	@Test
	void methodHiddenByAnInterfaceProxyFailsStartUpNamingTheBeanAndMethod() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
			.withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean("hiddenWorker", TransactionalService.class, HiddenWorker::new)
			.run((context) -> assertInvalid(context).hasMessageContaining("'HiddenWorker.work()'")
				.hasMessageContaining("'hiddenWorker'"));
	}

	@Test
	void unknownStragglerPolicyFailsStartUpWithBootsBindFailure() {
		this.contextRunner.withPropertyValues("exit-monitor.shutdown.straggler-policy=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			BindException bindFailure = findCause(context.getStartupFailure(), BindException.class);
			assertThat(bindFailure.getName().toString()).isEqualTo("exit-monitor.shutdown.straggler-policy");
			assertThat(bindFailure.getProperty().getValue()).isEqualTo("sometimes");
			assertThat(bindFailure).hasMessageContaining("exit-monitor.shutdown.straggler-policy");
		});
	}

	@Test
	void escalateAsFinalPolicyFailsStartUp() {
		this.contextRunner.withPropertyValues("exit-monitor.shutdown.final-policy=escalate")
			.run((context) -> assertInvalid(context)
				.hasMessage("Invalid value 'ESCALATE' for property 'exit-monitor.shutdown.final-policy': the final "
						+ "policy applies after escalation."));
	}

	@Test
	void zeroAbortExitCodeFailsStartUp() {
		this.contextRunner.withPropertyValues("exit-monitor.shutdown.abort-exit-code=0")
			.run((context) -> assertInvalid(context)
				.hasMessage("Invalid value '0' for property 'exit-monitor.shutdown.abort-exit-code': an abort must end "
						+ "the process with a non-zero code, and the operating system keeps only the low 8 bits of an "
						+ "exit code."));
	}

	@Test
	void zeroEscalationGraceFailsStartUp() {
		this.contextRunner.withPropertyValues("exit-monitor.shutdown.escalation-grace=0s")
			.run((context) -> assertInvalid(context)
				.hasMessage("Invalid value 'PT0S' for property 'exit-monitor.shutdown.escalation-grace': it must be a "
						+ "positive duration."));
	}

	@Test
	void backoffMaxBelowBackoffInitialFailsStartUp() {
		this.contextRunner.withBean("delayedWorker", DelayedWorker.class, DelayedWorker::new)
			.withPropertyValues("exit-monitor.worker.backoff-initial=10s", "exit-monitor.worker.backoff-max=1s")
			.run((context) -> {
				assertThat(context).hasFailed();
				// The core's IllegalArgumentException is kept as the cause.
				assertThat(findCause(context.getStartupFailure(), InvalidExitMonitorConfigurationException.class))
					.hasMessage("Invalid exit-monitor.worker.backoff-* properties: Backoff 'max' (PT1S) must not be "
							+ "less than 'initial' (PT10S)")
					.hasRootCauseInstanceOf(IllegalArgumentException.class);
			});
	}

	@Test
	void backoffMaxBelowBackoffInitialFailsStartUpEvenWithoutWorkers() {
		this.contextRunner
			.withPropertyValues("exit-monitor.worker.backoff-initial=10s", "exit-monitor.worker.backoff-max=1s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(findCause(context.getStartupFailure(), InvalidExitMonitorConfigurationException.class))
					.hasMessageStartingWith("Invalid exit-monitor.worker.backoff-* properties: ");
			});
	}

	@Test
	void overridesOfAWorkerNameThatNoWorkerHasAreReportedAtStartUp(CapturedOutput output) {
		this.contextRunner.withBean("delayedWorker", DelayedWorker.class, DelayedWorker::new)
			.withPropertyValues("exit-monitor.workers[dleayed].concurrency=4")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Properties under exit-monitor.workers name no @BackgroundWorker, so their "
						+ "overrides are ignored: [dleayed]. Known workers: [delayed].");
			});
	}

	@Test
	void overridesOfAWorkerWhoseNameHasADotWrittenWithoutBracketsAreReportedAtStartUp(CapturedOutput output) {
		this.contextRunner.withBean("delayedWorker", DelayedWorker.class, DelayedWorker::new)
			.withPropertyValues("exit-monitor.workers.delayedWorker.work.concurrency=4")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("name no @BackgroundWorker, so their overrides are ignored: [delayedWorker]");
			});
	}

	@Test
	void overridesOfAWorkerDisabledByPropertyAreKnown(CapturedOutput output) {
		this.contextRunner.withBean("delayedWorker", DelayedWorker.class, DelayedWorker::new)
			.withPropertyValues("exit-monitor.workers[delayed].enabled=false", "exit-monitor.workers[typo].enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("name no @BackgroundWorker, so their overrides are ignored: [typo]. "
						+ "Known workers: [delayed].");
			});
	}

	@Test
	void overridesAreNotReportedWhileALazyBeanThatDeclaresWorkersIsNotCreatedYet(CapturedOutput output) {
		this.contextRunner
			.withBean("delayedWorker", DelayedWorker.class, DelayedWorker::new,
					(definition) -> definition.setLazyInit(true))
			.withPropertyValues("exit-monitor.workers[delayed].concurrency=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("name no @BackgroundWorker");
			});
	}

	@Test
	void aLazyBeanThatDeclaresNoWorkersDoesNotHoldBackTheReport(CapturedOutput output) {
		this.contextRunner.withBean("delayedWorker", DelayedWorker.class, DelayedWorker::new)
			.withBean("noWorkers", NoWorkers.class, NoWorkers::new, (definition) -> definition.setLazyInit(true))
			.withPropertyValues("exit-monitor.workers[dleayed].concurrency=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("name no @BackgroundWorker, so their overrides are ignored: [dleayed]");
			});
	}

	@Test
	void lateExitMethodReturningACompletionStageFailsStartUp() {
		this.contextRunner.withBean("asyncLateExit", AsyncLateExit.class, AsyncLateExit::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @LateExit method 'AsyncLateExit.flush()' of bean 'asyncLateExit' is invalid: it returns "
							+ "java.util.concurrent.CompletionStage, but the value an exit callback returns is ignored, so "
							+ "the work behind that future would not be waited for."));
	}

	@Test
	void exitMethodReturningAPlainValueIsAcceptedAndCalled() {
		this.contextRunner.withBean("countingEarlyExit", CountingEarlyExit.class, CountingEarlyExit::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(ExitMonitor.class).requestExit(ExitReason.requested("test"));
				assertThat(context.getBean(CountingEarlyExit.class).calls).hasValue(1);
			});
	}

	@Test
	void asyncMethodWithLoopModeFailsStartUp() {
		this.contextRunner.withBean("loopAsync", LoopAsync.class, LoopAsync::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @BackgroundWorker method 'LoopAsync.start()' of bean 'loopAsync' is invalid: it is an async "
							+ "worker (it returns a CompletionStage) but sets mode LOOP."));
	}

	@Test
	void asyncWorkerBeanWithLongRunningModeFailsStartUp() {
		this.contextRunner.withBean("longRunningAsyncBean", LongRunningAsyncBean.class, LongRunningAsyncBean::new)
			.run((context) -> assertInvalid(context).hasMessage("The @BackgroundWorker bean 'longRunningAsyncBean' ("
					+ LongRunningAsyncBean.class.getName() + ") is invalid: it is an async worker (it returns a "
					+ "CompletionStage) but sets mode LONG_RUNNING."));
	}

	@Test
	void longRunningMethodWithADelayFailsStartUp() {
		this.contextRunner.withBean("longRunningDelayed", LongRunningDelayed.class, LongRunningDelayed::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @BackgroundWorker method 'LongRunningDelayed.serve()' of bean 'longRunningDelayed' is invalid: "
							+ "it is a LONG_RUNNING worker (called once) but sets a delay of PT1S, which would be "
							+ "ignored."));
	}

	@Test
	void delayPropertyOnALongRunningWorkerFailsStartUp() {
		this.contextRunner.withBean("longRunning", LongRunning.class, LongRunning::new)
			.withPropertyValues("exit-monitor.workers[serve].delay=5s")
			.run((context) -> assertInvalid(context).hasMessageStartingWith(
					"The @BackgroundWorker method 'LongRunning.serve()' of bean 'longRunning' is invalid: it is a "
							+ "LONG_RUNNING worker (called once) but sets a delay of PT5S"));
	}

	@Test
	void abortExitCodeThatTheOperatingSystemTurnsIntoZeroFailsStartUp() {
		this.contextRunner.withPropertyValues("exit-monitor.shutdown.abort-exit-code=256")
			.run((context) -> assertInvalid(context)
				.hasMessage("Invalid value '256' for property 'exit-monitor.shutdown.abort-exit-code': an abort must "
						+ "end the process with a non-zero code, and the operating system keeps only the low 8 bits of "
						+ "an exit code."));
	}

	@Test
	void failureExitCodeThatTheOperatingSystemTurnsIntoZeroFailsStartUp() {
		this.contextRunner.withBean("exitCode512", ExitCode512.class, ExitCode512::new)
			.run((context) -> assertInvalid(context).hasMessage(
					"The @BackgroundWorker method 'ExitCode512.work()' of bean 'exitCode512' is invalid: "
							+ "'failureExitCode' of worker 'exitCode512.work' must be an exit code from 1 to 255, but was "
							+ "512 (the operating system keeps only its low 8 bits, so the process would end with code "
							+ "0)."));
	}

	private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOf(InvalidExitMonitorConfigurationException.class);
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in the causes of " + failure, failure);
	}

	static class UnsupportedParameters {

		@BackgroundWorker
		void work(String text, int number) {
		}

	}

	static class UnsupportedReturnType {

		@BackgroundWorker
		String work() {
			return "done";
		}

	}

	static class StaticWorker {

		@BackgroundWorker
		static void work() {
		}

	}

	static class PrivateWorker {

		@BackgroundWorker
		private void work() {
		}

	}

	static class UnparsableDelay {

		@BackgroundWorker(delay = "soon")
		void work() {
		}

	}

	static class ZeroConcurrency {

		@BackgroundWorker(name = "zero", concurrency = 0)
		void work() {
		}

	}

	static class DelayedWorker {

		@BackgroundWorker(name = "delayed", delay = "1s")
		void work() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateNamesConfiguration {

		@Bean
		FirstDuplicate firstDuplicate() {
			return new FirstDuplicate();
		}

		@Bean
		SecondDuplicate secondDuplicate() {
			return new SecondDuplicate();
		}

	}

	static class FirstDuplicate {

		@BackgroundWorker(name = "duplicate")
		void poll() throws InterruptedException {
			Exit.await(new java.util.concurrent.CountDownLatch(1));
		}

	}

	static class SecondDuplicate {

		@BackgroundWorker(name = "duplicate")
		void drain() throws InterruptedException {
			Exit.await(new java.util.concurrent.CountDownLatch(1));
		}

	}

	interface TransactionalService {

		void serve();

	}

	static class HiddenWorker implements TransactionalService {

		@Override
		@Transactional
		public void serve() {
		}

		// Not declared by the interface, so the JDK proxy does not expose it.
		@BackgroundWorker(delay = "1s")
		public void work() {
		}

	}

	static class NoWorkers {

		void work() {
		}

	}

	@BackgroundWorker
	static class PlainBean {

	}

	static class DelayedAsync {

		@BackgroundWorker(delay = "1s")
		CompletionStage<Void> start() {
			return new CompletableFuture<>();
		}

	}

	static class AsyncLateExit {

		@LateExit
		CompletionStage<Void> flush() {
			return CompletableFuture.completedFuture(null);
		}

	}

	static class CountingEarlyExit {

		final AtomicInteger calls = new AtomicInteger();

		@EarlyExit
		int drain() {
			return this.calls.incrementAndGet();
		}

	}

	static class LoopAsync {

		@BackgroundWorker(mode = BackgroundWorker.Mode.LOOP)
		CompletionStage<Void> start() {
			return CompletableFuture.completedFuture(null);
		}

	}

	@BackgroundWorker(mode = BackgroundWorker.Mode.LONG_RUNNING)
	static class LongRunningAsyncBean implements AsyncWorker {

		@Override
		public CompletionStage<?> start(WorkerContext context) {
			return CompletableFuture.completedFuture(null);
		}

	}

	static class LongRunningDelayed {

		@BackgroundWorker(mode = BackgroundWorker.Mode.LONG_RUNNING, delay = "1s", autoStartup = false)
		void serve() {
		}

	}

	static class LongRunning {

		@BackgroundWorker(name = "serve", mode = BackgroundWorker.Mode.LONG_RUNNING, autoStartup = false)
		void serve() {
		}

	}

	static class ExitCode512 {

		@BackgroundWorker(failureExitCode = 512, autoStartup = false)
		void work() {
		}

	}

	static class BadEarlyExit {

		@EarlyExit
		void early(String reason) {
		}

	}

	static class PrivateLateExit {

		@LateExit
		private void late() {
		}

	}

}

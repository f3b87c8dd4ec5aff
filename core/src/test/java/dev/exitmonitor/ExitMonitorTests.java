package dev.exitmonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.exitmonitor.internal.ThreadStates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link ExitMonitor}.
 */
class ExitMonitorTests {

	private final ExitMonitor monitor = ExitMonitor.create("test");

	@Test
	void newMonitorIsRunning() {
		assertThat(this.monitor.phase()).isEqualTo(ExitPhase.RUNNING);
		assertThat(this.monitor.isExitRequested()).isFalse();
		assertThat(this.monitor.reason()).isEmpty();
		assertThat(this.monitor.requestedAt()).isEmpty();
		assertThat(this.monitor.exitFuture()).isNotDone();
	}

	@Test
	void requestExitKeepsTheFirstReason() {
		ExitReason first = ExitReason.requested("first");
		assertThat(this.monitor.requestExit(first)).isTrue();
		assertThat(this.monitor.requestExit(ExitReason.failure("second", 3))).isFalse();
		assertThat(this.monitor.reason()).contains(first);
		assertThat(this.monitor.exitFuture()).isCompletedWithValue(first);
		assertThat(this.monitor.requestedAt()).isPresent();
		assertThat(this.monitor.phase()).isEqualTo(ExitPhase.EARLY_EXIT_DONE);
	}

	@Test
	void separateMonitorsDoNotShareExitState() {
		ExitMonitor other = ExitMonitor.create("other");
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(other.isExitRequested()).isFalse();
		assertThat(ExitMonitor.global().isExitRequested()).isFalse();
	}

	@Test
	void awaitExitTimesOutWhileRunningAndReturnsOnceExiting() throws Exception {
		assertThat(this.monitor.awaitExit(Duration.ofMillis(10))).isFalse();
		Thread requester = new Thread(() -> this.monitor.requestExit(ExitReason.requested("test")));
		requester.start();
		assertThat(this.monitor.awaitExit(Duration.ofSeconds(10))).isTrue();
		requester.join();
	}

	@Test
	void exitFutureIsACopyThatCannotCompleteTheMonitor() {
		this.monitor.exitFuture().complete(ExitReason.requested("forged"));
		this.monitor.exitFuture().cancel(true);
		assertThat(this.monitor.isExitRequested()).isFalse();
		assertThat(this.monitor.exitFuture()).isNotDone();
	}

	@Test
	void onExitRunsWhenExitBeginsAndAtOnceAfterwards() {
		List<String> events = new CopyOnWriteArrayList<>();
		this.monitor.onExit(() -> events.add("before"));
		assertThat(events).isEmpty();
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(events).containsExactly("before");
		this.monitor.onExit(() -> events.add("after"));
		assertThat(events).containsExactly("before", "after");
	}

	@Test
	void failingOnExitActionDoesNotStopTheOthers() {
		AtomicInteger ran = new AtomicInteger();
		this.monitor.onExit(() -> {
			throw new IllegalStateException("boom");
		});
		this.monitor.onExit(ran::incrementAndGet);
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(ran).hasValue(1);
	}

	@Test
	void earlyCallbacksRunInOrderAndMayRegisterLateOnes() throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		this.monitor.registerEarly((reason) -> {
			events.add("early-1 " + reason.description());
			this.monitor.registerLate((late) -> events.add("late from early"));
		});
		this.monitor.registerEarly((reason) -> {
			throw new IllegalStateException("a failing early callback");
		});
		this.monitor.registerEarly((reason) -> events.add("early-3"));
		this.monitor.registerLate((reason) -> events.add("late-1"));
		this.monitor.requestExit(ExitReason.requested("bye"));
		assertThat(events).containsExactly("early-1 bye", "early-3");
		assertThat(this.monitor.completeExit(Duration.ofSeconds(1)).allStopped()).isTrue();
		assertThat(events).containsExactly("early-1 bye", "early-3", "late-1", "late from early");
		assertThat(this.monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
	}

	@Test
	void registerEarlyAfterExitBeganFailsWithAClearMessage() {
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThatIllegalStateException().isThrownBy(() -> this.monitor.registerEarly((reason) -> {
		})).withMessageContaining("the early exit phase has already started");
	}

	@Test
	void registerLateAfterLatePhaseFails() throws Exception {
		this.monitor.completeExit(Duration.ZERO);
		assertThatIllegalStateException().isThrownBy(() -> this.monitor.registerLate((reason) -> {
		})).withMessageContaining("the late exit phase has already started");
	}

	@Test
	void completeExitBeginsTheExitIfNeeded() throws Exception {
		this.monitor.completeExit(Duration.ofSeconds(1));
		assertThat(this.monitor.reason()).hasValueSatisfying(
				(reason) -> assertThat(reason.kind()).isEqualTo(ExitReason.Kind.REQUESTED));
		assertThat(this.monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
	}

	@Test
	void completeExitJoinsParticipantsBeforeLateCallbacks() throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		CountDownLatch stopped = new CountDownLatch(1);
		this.monitor.addParticipant(new ExitParticipant() {

			@Override
			public String name() {
				return "participant";
			}

			@Override
			public void requestStop(ExitReason reason) {
				events.add("stop requested");
				new Thread(() -> {
					events.add("stopped");
					stopped.countDown();
				}).start();
			}

			@Override
			public boolean awaitStopped(Duration timeout) throws InterruptedException {
				return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
			}

		});
		this.monitor.registerLate((reason) -> events.add("late"));
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(this.monitor.completeExit(Duration.ofSeconds(10)).allStopped()).isTrue();
		assertThat(events).containsExactly("stop requested", "stopped", "late");
	}

	@Test
	void completeExitReportsParticipantThatDidNotStopAndStillRunsLateCallbacks() throws Exception {
		List<String> events = new ArrayList<>();
		this.monitor.addParticipant(new NeverStoppingParticipant());
		this.monitor.setStragglerSettings(StragglerSettings.defaults().withPolicy(StragglerPolicy.EXIT));
		this.monitor.registerLate((reason) -> events.add("late"));
		ShutdownReport report = this.monitor.completeExit(Duration.ofMillis(50));
		assertThat(report.allStopped()).isFalse();
		assertThat(report.appliedPolicy()).isEqualTo(StragglerPolicy.EXIT);
		assertThat(events).containsExactly("late");
	}

	@Test
	void participantAddedAfterEarlyPhaseIsAskedToStopAtOnce() {
		this.monitor.requestExit(ExitReason.requested("test"));
		NeverStoppingParticipant participant = new NeverStoppingParticipant();
		this.monitor.addParticipant(participant);
		assertThat(participant.stopRequests).hasValue(1);
	}

	@Test
	void concurrentCompleteExitCallsWaitForTheOneRunningTheLatePhase() throws Exception {
		CountDownLatch lateStarted = new CountDownLatch(1);
		CountDownLatch releaseLate = new CountDownLatch(1);
		this.monitor.registerLate((reason) -> {
			lateStarted.countDown();
			releaseLate.await();
		});
		Thread first = new Thread(() -> {
			try {
				this.monitor.completeExit(Duration.ofSeconds(1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		first.start();
		lateStarted.await();
		Thread second = new Thread(() -> {
			try {
				this.monitor.completeExit(Duration.ofSeconds(1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		second.start();
		assertThat(this.monitor.awaitPhase(ExitPhase.LATE_EXIT_DONE, Duration.ofMillis(20))).isFalse();
		releaseLate.countDown();
		first.join();
		second.join();
		assertThat(this.monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
	}

	@Test
	void threadFactoryBindsThreadsToTheMonitorAndReportsThem() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread thread = this.monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE).newThread(() -> {
			try (CriticalSection section = Exit.critical()) {
				assertThat(Exit.monitor()).isSameAs(this.monitor);
				inside.countDown();
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		thread.setName("reported");
		thread.start();
		inside.await();
		assertThat(this.monitor.threads()).singleElement().satisfies((report) -> {
			assertThat(report.threadName()).isEqualTo("reported");
			assertThat(report.managed()).isTrue();
			assertThat(report.inCriticalSection()).isTrue();
			assertThat(report.criticalSince()).isBeforeOrEqualTo(java.time.Instant.now());
			assertThat(report.stopRequested()).isFalse();
		});
		assertThat(ExitMonitor.global().threads()).noneMatch((report) -> report.threadName().equals("reported"));
		release.countDown();
		thread.join();
		assertThat(this.monitor.threads()).isEmpty();
	}

	@Test
	void aThreadMadeButNeverStartedLeavesNothingBehind() {
		// An executor may make a thread and then refuse to start it (its pool was shut down meanwhile).
		Thread thread = this.monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE).newThread(() -> {
		});

		assertThat(this.monitor.threads()).isEmpty();
		assertThat(ThreadStates.find(thread)).isNull();
	}

	@Test
	void aThreadStartedAfterTheExitBeganIsAskedToStopAtOnce() throws Exception {
		ThreadFactory factory = this.monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE);
		CompletableFuture<Boolean> madeBefore = new CompletableFuture<>();
		CompletableFuture<Boolean> madeAfter = new CompletableFuture<>();
		Thread first = factory.newThread(() -> madeBefore.complete(Exit.requested()));
		this.monitor.requestExit(ExitReason.requested("test"));
		Thread second = factory.newThread(() -> madeAfter.complete(Exit.requested()));

		first.start();
		second.start();

		assertThat(madeBefore.get(10, TimeUnit.SECONDS)).as("made before the exit, started after it").isTrue();
		assertThat(madeAfter.get(10, TimeUnit.SECONDS)).as("made and started after the exit").isTrue();
		first.join();
		second.join();
		assertThat(this.monitor.threads()).isEmpty();
	}

	@Test
	void aThreadMadeBeforeRequestStopAllAndStartedAfterItIsAskedToStop() throws Exception {
		ThreadFactory factory = this.monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE);
		CompletableFuture<Boolean> madeBefore = new CompletableFuture<>();
		CompletableFuture<Boolean> madeAfter = new CompletableFuture<>();
		Thread first = factory.newThread(() -> madeBefore.complete(Exit.requested()));
		this.monitor.requestStopAll();
		Thread second = factory.newThread(() -> madeAfter.complete(Exit.requested()));

		first.start();
		second.start();

		assertThat(madeBefore.get(10, TimeUnit.SECONDS)).as("made before the request, started after it").isTrue();
		assertThat(madeAfter.get(10, TimeUnit.SECONDS)).as("made after the request").isFalse();
		assertThat(this.monitor.isExitRequested()).isFalse();
		first.join();
		second.join();
	}

	@Test
	void requestStopAllAsksEveryBoundThreadWithoutBeginningExit() throws Exception {
		CountDownLatch stopped = new CountDownLatch(3);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Thread thread = this.monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE).newThread(() -> {
				try {
					Exit.sleep(Duration.ofHours(1));
				}
				catch (ThreadExit ex) {
					stopped.countDown();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			thread.start();
			threads.add(thread);
		}
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.monitor.threads().stream().filter(ThreadReport::waiting).count() == 3);
		this.monitor.requestStopAll();
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.monitor.isExitRequested()).isFalse();
		for (Thread thread : threads) {
			thread.join();
		}
	}

	@Test
	void badArgumentsAreRejectedWithTheParameterName() {
		assertThatNullPointerException().isThrownBy(() -> this.monitor.requestExit(null)).withMessageContaining("'reason'");
		assertThatNullPointerException().isThrownBy(() -> this.monitor.onExit(null)).withMessageContaining("'action'");
		assertThatNullPointerException().isThrownBy(() -> this.monitor.registerEarly(null))
			.withMessageContaining("'callback'");
		assertThatNullPointerException().isThrownBy(() -> this.monitor.awaitExit(null))
			.withMessageContaining("'timeout'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.monitor.awaitExit(Duration.ofSeconds(-1)))
			.withMessageContaining("'timeout' must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> this.monitor.completeExit(Duration.ofSeconds(-1)))
			.withMessageContaining("'timeout' must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> ExitMonitor.create(" "))
			.withMessageContaining("'name' must not be empty");
		assertThatNullPointerException().isThrownBy(() -> ExitMonitor.create(null)).withMessageContaining("'name'");
		assertThatIllegalArgumentException().isThrownBy(() -> ExitReason.failure("boom", 0))
			.withMessageContaining("non-zero exit code");
	}

	static class NeverStoppingParticipant implements ExitParticipant {

		final AtomicInteger stopRequests = new AtomicInteger();

		@Override
		public String name() {
			return "never stopping";
		}

		@Override
		public void requestStop(ExitReason reason) {
			this.stopRequests.incrementAndGet();
		}

		@Override
		public boolean awaitStopped(Duration timeout) {
			return false;
		}

	}

}

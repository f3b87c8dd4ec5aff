package dev.exitmonitor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WorkerGroup} and its workers.
 */
class WorkerGroupTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ExitMonitor monitor = ExitMonitor.create("workers");

	private final WorkerGroup group = WorkerGroup.create("test", this.monitor);

	@AfterEach
	void exit() throws InterruptedException {
		this.monitor.requestExit(ExitReason.requested("test cleanup"));
		assertThat(this.group.awaitStopped(WAIT)).isTrue();
	}

	@Test
	void loopWorkerIteratesWithDelayAndStopsCleanlyOnExit() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		WorkerHandle handle = this.group
			.add(WorkerDefinition.loop("poller", (context) -> calls.incrementAndGet()).delay(Duration.ofMillis(1)).build());
		this.group.start();
		Awaitility.await().atMost(WAIT).until(() -> calls.get() >= 5);
		assertThat(handle.state()).isEqualTo(WorkerState.RUNNING);
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(this.monitor.completeExit(WAIT).allStopped()).isTrue();
		assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
		WorkerSnapshot snapshot = handle.snapshot();
		assertThat(snapshot.iterations()).isEqualTo(calls.get());
		assertThat(snapshot.failures()).isZero();
		assertThat(snapshot.startedAt()).isNotNull();
		assertThat(snapshot.stoppedAt()).isAfterOrEqualTo(snapshot.startedAt());
	}

	@Test
	void longRunningWorkerBlockedInExitAwareQueueStopsOnExitAndEndsTheLatePhaseQuickly() throws Exception {
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new java.util.concurrent.LinkedBlockingQueue<>());
		List<String> taken = new CopyOnWriteArrayList<>();
		WorkerHandle handle = this.group.add(WorkerDefinition.longRunning("consumer", (context) -> {
			while (true) {
				taken.add(queue.take());
			}
		}).concurrency(3).build());
		this.group.start();
		queue.put("job");
		Awaitility.await().atMost(WAIT).until(() -> taken.contains("job"));
		Awaitility.await().atMost(WAIT).until(() -> this.monitor.threads().stream().filter(ThreadReport::waiting).count() == 3);
		assertThat(handle.snapshot().threads()).extracting(WorkerSnapshot.ThreadSnapshot::name)
			.containsExactlyInAnyOrder("consumer-1", "consumer-2", "consumer-3");
		this.monitor.requestExit(ExitReason.requested("test"));
		ShutdownReport report = this.monitor.completeExit(Duration.ofSeconds(30));
		assertThat(report.allStopped()).isTrue();
		assertThat(report.duration()).isLessThan(Duration.ofSeconds(5));
		assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void oneWorkerCanBeStoppedAndStartedAgainWithoutExitingTheProcess() throws Exception {
		AtomicInteger first = new AtomicInteger();
		AtomicInteger second = new AtomicInteger();
		WorkerHandle stopped = this.group.add(WorkerDefinition.loop("first", (context) -> {
			first.incrementAndGet();
			Exit.sleep(Duration.ofMillis(1));
		}).build());
		this.group.add(WorkerDefinition.loop("second", (context) -> {
			second.incrementAndGet();
			Exit.sleep(Duration.ofMillis(1));
		}).build());
		this.group.start();
		stopped.stop();
		assertThat(stopped.awaitStopped(WAIT)).isTrue();
		assertThat(stopped.state()).isEqualTo(WorkerState.STOPPED);
		int secondBefore = second.get();
		Awaitility.await().atMost(WAIT).until(() -> second.get() > secondBefore);
		assertThat(this.monitor.isExitRequested()).isFalse();
		int firstBefore = first.get();
		stopped.start();
		Awaitility.await().atMost(WAIT).until(() -> first.get() > firstBefore);
		assertThat(stopped.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void workerStoppedByTheExitIsToldTheExitNotAStopOfItsOwn() throws Exception {
		// During an exit the monitor's pass has asked the worker's threads to stop: the ThreadExit names the exit.
		CountDownLatch inSection = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> exitMessage = new CompletableFuture<>();
		this.group.add(WorkerDefinition.longRunning("finisher", (context) -> {
			try (CriticalSection section = Exit.critical()) {
				inSection.countDown();
				release.await();
			}
			try {
				Exit.check();
				exitMessage.complete("no ThreadExit");
			}
			catch (ThreadExit ex) {
				exitMessage.complete(ex.getMessage());
				throw ex;
			}
		}).build());
		this.group.start();
		assertThat(inSection.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		this.monitor.requestExit(ExitReason.requested("maintenance window"));
		release.countDown();
		assertThat(exitMessage.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
			.isEqualTo("Thread 'finisher-1' was asked to stop: exit monitor 'workers' is exiting: "
					+ this.monitor.reason().orElseThrow());
	}

	@Test
	void workerStoppedOnItsOwnIsToldSo() throws Exception {
		CompletableFuture<String> exitMessage = new CompletableFuture<>();
		CountDownLatch waiting = new CountDownLatch(1);
		WorkerHandle handle = this.group.add(WorkerDefinition.longRunning("single", (context) -> {
			try {
				waiting.countDown();
				Exit.sleep(Duration.ofHours(1));
			}
			catch (ThreadExit ex) {
				exitMessage.complete(ex.getMessage());
				throw ex;
			}
		}).build());
		this.group.start();
		assertThat(waiting.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		handle.stop();
		assertThat(exitMessage.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
			.isEqualTo("Thread 'single-1' was asked to stop: a stop was requested for this thread");
		assertThat(handle.awaitStopped(WAIT)).isTrue();
		assertThat(this.monitor.isExitRequested()).isFalse();
	}

	@Test
	void pausedLoopWorkerDoesNotIterateUntilResumed() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		WorkerHandle handle = this.group.add(WorkerDefinition.loop("pausable", (context) -> calls.incrementAndGet())
			.delay(Duration.ofMillis(1))
			.build());
		this.group.start();
		Awaitility.await().atMost(WAIT).until(() -> calls.get() > 0);
		handle.pause();
		// The worker thread parks in the pause gate (an exit-aware Condition wait).
		Awaitility.await().atMost(WAIT).until(() -> isParkedInPauseGate(handle));
		int whilePaused = calls.get();
		assertThat(handle.snapshot().paused()).isTrue();
		assertThat(isParkedInPauseGate(handle)).isTrue();
		assertThat(calls.get()).isEqualTo(whilePaused);
		handle.resume();
		Awaitility.await().atMost(WAIT).until(() -> calls.get() > whilePaused);
	}

	private static boolean isParkedInPauseGate(WorkerHandle handle) {
		return handle.snapshot().threads().stream().allMatch((thread) -> thread.state() == Thread.State.WAITING)
				&& Thread.getAllStackTraces().entrySet().stream()
					.filter((entry) -> entry.getKey().getName().equals(handle.name() + "-1"))
					.anyMatch((entry) -> List.of(entry.getValue()).toString().contains("awaitUnpaused"));
	}

	@Test
	void pausedWorkerStillStopsOnExit() throws Exception {
		WorkerHandle handle = this.group.add(WorkerDefinition.loop("paused", (context) -> {
		}).delay(Duration.ofMillis(1)).build());
		this.group.start();
		handle.pause();
		Awaitility.await().atMost(WAIT).until(() -> isParkedInPauseGate(handle));
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(handle.awaitStopped(WAIT)).isTrue();
		assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void onlyLoopWorkersCanBePaused() {
		WorkerHandle handle = this.group.add(WorkerDefinition.longRunning("long", (context) -> {
		}).autoStartup(false).build());
		assertThatIllegalStateException().isThrownBy(handle::pause)
			.withMessage("Worker 'long' is a LONG_RUNNING worker; only LOOP workers can be paused (between iterations)");
	}

	@Test
	void failingWorkerRestartsWithExponentialBackoffAndCountsRestarts() throws Exception {
		List<Long> failureTimes = new CopyOnWriteArrayList<>();
		WorkerHandle handle = this.group.add(WorkerDefinition.loop("flaky", (context) -> {
			failureTimes.add(System.nanoTime());
			throw new IllegalStateException("boom " + failureTimes.size());
		}).backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(80), 2.0, 0.0)).build());
		this.group.start();
		Awaitility.await().atMost(WAIT).until(() -> failureTimes.size() >= 5);
		WorkerSnapshot snapshot = handle.snapshot();
		assertThat(snapshot.state()).isEqualTo(WorkerState.RUNNING);
		assertThat(snapshot.failures()).isGreaterThanOrEqualTo(5);
		assertThat(snapshot.restarts()).isGreaterThanOrEqualTo(4);
		assertThat(snapshot.lastError()).isNotNull();
		assertThat(snapshot.lastError().type()).isEqualTo(IllegalStateException.class.getName());
		assertThat(snapshot.lastError().message()).startsWith("boom");
		// Gaps follow the backoff: at least 20, 40, 80, 80 ms (capped at max).
		long[] expectedMinimumMillis = { 20, 40, 80, 80 };
		for (int i = 0; i < expectedMinimumMillis.length; i++) {
			long gapMillis = TimeUnit.NANOSECONDS.toMillis(failureTimes.get(i + 1) - failureTimes.get(i));
			assertThat(gapMillis).as("gap after failure %d", i + 1).isGreaterThanOrEqualTo(expectedMinimumMillis[i]);
		}
	}

	@Test
	void stopWorkerPolicyFailsOnlyThatWorker() throws Exception {
		WorkerHandle failing = this.group.add(WorkerDefinition.longRunning("failing", (context) -> {
			throw new IllegalStateException("cannot go on");
		}).failurePolicy(FailurePolicy.STOP_WORKER).build());
		AtomicInteger healthy = new AtomicInteger();
		this.group.add(WorkerDefinition.loop("healthy", (context) -> healthy.incrementAndGet())
			.delay(Duration.ofMillis(1))
			.build());
		this.group.start();
		assertThat(failing.awaitStopped(WAIT)).isTrue();
		assertThat(failing.state()).isEqualTo(WorkerState.FAILED);
		assertThat(failing.snapshot().failures()).isEqualTo(1);
		assertThat(failing.snapshot().restarts()).isZero();
		int before = healthy.get();
		Awaitility.await().atMost(WAIT).until(() -> healthy.get() > before);
		assertThat(this.monitor.isExitRequested()).isFalse();
	}

	@Test
	void stopApplicationPolicyBeginsExitWithAFailureReasonAndExitCode() throws Exception {
		WorkerHandle failing = this.group.add(WorkerDefinition.longRunning("fatal", (context) -> {
			throw new IllegalStateException("corrupt state");
		}).failurePolicy(FailurePolicy.STOP_APPLICATION).failureExitCode(42).build());
		this.group.start();
		assertThat(this.monitor.awaitExit(WAIT)).isTrue();
		ExitReason reason = this.monitor.reason().orElseThrow();
		assertThat(reason.kind()).isEqualTo(ExitReason.Kind.FAILURE);
		assertThat(reason.exitCode()).isEqualTo(42);
		assertThat(reason.description()).contains("worker 'fatal' failed").contains("corrupt state");
		assertThat(failing.awaitStopped(WAIT)).isTrue();
		assertThat(failing.state()).isEqualTo(WorkerState.FAILED);
	}

	@Test
	void threadExitIsACleanStopNotAFailure() throws Exception {
		WorkerHandle handle = this.group.add(WorkerDefinition.loop("quitter", (context) -> {
			throw Exit.now();
		}).build());
		this.group.start();
		assertThat(handle.awaitStopped(WAIT)).isTrue();
		assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(handle.snapshot().failures()).isZero();
		assertThat(handle.snapshot().lastError()).isNull();
	}

	@Test
	void longRunningWorkerThatReturnsIsStopped() throws Exception {
		WorkerHandle handle = this.group.add(WorkerDefinition.longRunning("finite", (context) -> {
		}).concurrency(2).build());
		this.group.start();
		assertThat(handle.awaitStopped(WAIT)).isTrue();
		assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(handle.snapshot().iterations()).isEqualTo(2);
	}

	@Test
	void idleActionRunsOnceEachTimeAWorkerBecomesIdleAfterItsStateChanged() throws Exception {
		List<String> idle = new CopyOnWriteArrayList<>();
		CountDownLatch release = new CountDownLatch(1);
		WorkerHandle finite = this.group.add(WorkerDefinition.longRunning("finite", (context) -> release.await())
			.concurrency(2)
			.build());
		this.group.add(WorkerDefinition.longRunning("failing", (context) -> {
			throw new IllegalStateException("cannot go on");
		}).failurePolicy(FailurePolicy.STOP_WORKER).build());
		WorkerHandle stopped = this.group
			.add(WorkerDefinition.loop("stopped", (context) -> Exit.sleep(Duration.ofMillis(5))).build());
		// Registered after the workers were added: it applies to them too.
		this.group.onWorkerIdle((handle) -> idle.add(handle.name() + " " + handle.state()));
		this.group.start();
		Awaitility.await().atMost(WAIT).until(() -> idle.contains("failing FAILED"));
		stopped.stop();
		Awaitility.await().atMost(WAIT).until(() -> idle.contains("stopped STOPPED"));
		assertThat(finite.state()).isEqualTo(WorkerState.RUNNING);
		assertThat(idle).containsExactlyInAnyOrder("failing FAILED", "stopped STOPPED");
		release.countDown();
		assertThat(finite.awaitStopped(WAIT)).isTrue();
		Awaitility.await().atMost(WAIT).until(() -> idle.contains("finite STOPPED"));
		// Two threads, one notification: only the thread that ended last tells the actions.
		assertThat(idle).containsExactlyInAnyOrder("failing FAILED", "stopped STOPPED", "finite STOPPED");
		stopped.start();
		stopped.stop();
		Awaitility.await().atMost(WAIT).until(() -> idle.size() == 4);
		assertThat(idle).endsWith("stopped STOPPED");
	}

	@Test
	void idleActionThatThrowsDoesNotKeepTheOthersFromRunning() throws Exception {
		CompletableFuture<WorkerHandle> second = new CompletableFuture<>();
		this.group.onWorkerIdle((handle) -> {
			throw new IllegalStateException("broken action");
		});
		this.group.onWorkerIdle(second::complete);
		WorkerHandle handle = this.group.add(WorkerDefinition.longRunning("finite", (context) -> {
		}).build());
		this.group.start();
		assertThat(second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(handle);
		assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(handle.awaitStopped(WAIT)).isTrue();
	}

	@Test
	void idleActionOfAnAsyncWorkerRunsWhenItsStageCompletes() throws Exception {
		CompletableFuture<Void> stage = new CompletableFuture<>();
		CompletableFuture<WorkerState> idle = new CompletableFuture<>();
		this.group.onWorkerIdle((handle) -> idle.complete(handle.state()));
		this.group.add(WorkerDefinition.async("async", (context) -> stage).build());
		this.group.start();
		assertThat(idle).isNotDone();
		stage.complete(null);
		assertThat(idle.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void asyncWorkerIsToldToStopThroughItsStopSignal() throws Exception {
		WorkerHandle handle = this.group.add(WorkerDefinition.async("async", (context) -> context.stopSignal()
			.thenApply((ignored) -> "stopped")).build());
		this.group.start();
		assertThat(handle.state()).isEqualTo(WorkerState.RUNNING);
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(this.monitor.completeExit(WAIT).allStopped()).isTrue();
		assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void asyncWorkerIgnoringStopIsCancelledAtTheDeadline() throws Exception {
		CompletableFuture<String> neverCompletes = new CompletableFuture<>();
		WorkerHandle handle = this.group.add(WorkerDefinition.async("stubborn-async", (context) -> neverCompletes).build());
		this.group.start();
		this.monitor.setStragglerSettings(StragglerSettings.defaults().withPolicy(StragglerPolicy.EXIT));
		this.monitor.requestExit(ExitReason.requested("test"));
		this.monitor.completeExit(Duration.ofMillis(50));
		assertThat(neverCompletes).isCancelled();
		assertThat(handle.awaitStopped(WAIT)).isTrue();
		assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void failingAsyncWorkerIsFailed() throws Exception {
		WorkerHandle handle = this.group.add(WorkerDefinition.async("async-failing",
				(context) -> CompletableFuture.failedFuture(new IllegalStateException("async boom")))
			.failurePolicy(FailurePolicy.STOP_WORKER)
			.build());
		this.group.start();
		assertThat(handle.awaitStopped(WAIT)).isTrue();
		assertThat(handle.state()).isEqualTo(WorkerState.FAILED);
		assertThat(handle.snapshot().lastError().message()).isEqualTo("async boom");
	}

	@Test
	void workerWithoutAutoStartupStartsOnlyThroughItsHandle() throws Exception {
		CountDownLatch ran = new CountDownLatch(1);
		WorkerHandle handle = this.group.add(WorkerDefinition.longRunning("manual", (context) -> ran.countDown())
			.autoStartup(false)
			.build());
		this.group.start();
		assertThat(handle.state()).isEqualTo(WorkerState.NEW);
		handle.start();
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void workerContextDescribesTheThread() throws Exception {
		Set<String> seen = ConcurrentHashMap.newKeySet();
		this.group.add(WorkerDefinition.longRunning("described", (context) -> {
			seen.add(context.workerName() + "#" + context.threadIndex() + " stop=" + context.isStopRequested()
					+ " monitor=" + context.monitor().name() + " thread=" + Thread.currentThread().getName());
		}).concurrency(2).build());
		this.group.start();
		Awaitility.await().atMost(WAIT).until(() -> seen.size() == 2);
		assertThat(seen).containsExactlyInAnyOrder("described#1 stop=false monitor=workers thread=described-1",
				"described#2 stop=false monitor=workers thread=described-2");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads exist from JDK 21; CI runs JDK 25")
	void workersRunOnVirtualThreadsFromASuppliedFactory() throws Throwable {
		ExitMonitor virtualMonitor = ExitMonitor.create("virtual");
		WorkerGroup virtualGroup = WorkerGroup.create("virtual", virtualMonitor, virtualThreadFactory());
		ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new java.util.concurrent.LinkedBlockingQueue<>());
		Set<Boolean> virtual = ConcurrentHashMap.newKeySet();
		WorkerHandle handle = virtualGroup.add(WorkerDefinition.longRunning("virtual", (context) -> {
			virtual.add((Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
			queue.take();
		}).concurrency(100).build());
		virtualGroup.start();
		Awaitility.await().atMost(WAIT).until(() -> virtualMonitor.threads().stream().filter(ThreadReport::waiting).count() == 100);
		assertThat(virtual).containsExactly(true);
		virtualMonitor.requestExit(ExitReason.requested("test"));
		assertThat(virtualMonitor.completeExit(WAIT).allStopped()).isTrue();
		assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
	}

	private static ThreadFactory virtualThreadFactory() throws Throwable {
		// Compiled for Java 17: reach Thread.ofVirtual().factory() reflectively.
		MethodHandles.Lookup lookup = MethodHandles.publicLookup();
		Class<?> builderClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
		Object builder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builderClass)).invoke();
		return (ThreadFactory) lookup.findVirtual(Class.forName("java.lang.Thread$Builder"), "factory",
				MethodType.methodType(ThreadFactory.class)).invoke(builder);
	}

	@Test
	void invalidDefinitionsAreRejectedNamingTheWorkerAndValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerDefinition.loop(" ", (context) -> {
		})).withMessage("Worker name must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerDefinition.loop("w", (context) -> {
		}).concurrency(0)).withMessage("Worker 'w': concurrency must be at least 1, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerDefinition.loop("w", (context) -> {
		}).delay(Duration.ofMillis(-5))).withMessage("Worker 'w': delay must not be negative, but was PT-0.005S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0.1))
			.withMessage("Backoff 'max' (PT1S) must not be less than 'initial' (PT2S)");
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, 0.1))
			.withMessage("'initial' must be positive, but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerDefinition.loop("w", (context) -> {
		}).failureExitCode(0)).withMessage("'failureExitCode' of worker 'w' must be an exit code from 1 to 255, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerDefinition.loop("w", (context) -> {
		}).failureExitCode(256)).withMessage("'failureExitCode' of worker 'w' must be an exit code from 1 to 255, but was "
				+ "256 (the operating system keeps only its low 8 bits, so the process would end with code 0)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StragglerSettings(StragglerPolicy.ABORT, StragglerPolicy.EXIT, Duration.ofSeconds(1), 512,
					Duration.ofSeconds(1)))
			.withMessage("'abortExitCode' must be an exit code from 1 to 255, but was 512 (the operating system keeps "
					+ "only its low 8 bits, so the process would end with code 0)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StragglerSettings.defaults().withEscalationGrace(Duration.ZERO))
			.withMessage("'escalationGrace' must be positive, but was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StragglerSettings.defaults().withFinalPolicy(StragglerPolicy.ESCALATE))
			.withMessageContaining("'finalPolicy' must be EXIT, ABORT or WAIT");
	}

	@Test
	void duplicateWorkerNamesAreRejected() {
		this.group.add(WorkerDefinition.loop("same", (context) -> {
		}).autoStartup(false).build());
		assertThatIllegalArgumentException().isThrownBy(() -> this.group.add(WorkerDefinition.loop("same", (context) -> {
		}).build())).withMessage("Worker name 'same' is already used in worker group 'test'; worker names must be unique");
	}

	@Test
	void startingAStoppedGroupFails() {
		this.group.start();
		this.group.stopAll();
		assertThatIllegalStateException().isThrownBy(this.group::start)
			.withMessage("Expected worker group 'test' to be NEW to start it, but was STOPPED; create a new group to run workers again");
	}

	@Test
	void startingARunningWorkerFails() {
		WorkerHandle handle = this.group.add(WorkerDefinition.loop("running", (context) -> Exit.sleep(Duration.ofMillis(5))).build());
		this.group.start();
		assertThatIllegalStateException().isThrownBy(handle::start)
			.withMessage("Expected worker 'running' to be NEW, STOPPED or FAILED to start it, but was RUNNING");
	}

	@Test
	void snapshotReportsCriticalSectionOfAWorkerThread() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		WorkerHandle handle = this.group.add(WorkerDefinition.longRunning("critical", (context) -> {
			try (CriticalSection section = Exit.critical()) {
				inside.countDown();
				release.await();
			}
		}).build());
		this.group.start();
		inside.await();
		Instant first = handle.snapshot().threads().get(0).inCriticalSince();
		Instant now = Instant.now();
		assertThat(first).isNotNull().isBeforeOrEqualTo(now);
		assertThat(handle.snapshot().threads()).singleElement()
			.satisfies((thread) -> assertThat(thread.inCriticalSince()).as("the same section, the same date")
				.isEqualTo(first));
		release.countDown();
	}

	@Test
	void aWorkerAddedWhileTheExitBeginsIsRefusedAndNotKept() throws Exception {
		this.group.start();
		CompletableFuture<Throwable> refused = new CompletableFuture<>();
		// An early callback runs after the exit began and before the group is asked to stop.
		this.monitor.registerEarly((reason) -> {
			try {
				this.group.add(WorkerDefinition.loop("late", (context) -> {
				}).delay(Duration.ofMillis(5)).build());
				refused.complete(null);
			}
			catch (RuntimeException ex) {
				refused.complete(ex);
			}
		});
		this.monitor.requestExit(ExitReason.requested("test"));

		assertThat(refused.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("exiting");
		assertThat(this.group.worker("late")).as("a worker that was refused is not kept in the group").isEmpty();
		assertThat(this.group.workers()).isEmpty();
	}

}

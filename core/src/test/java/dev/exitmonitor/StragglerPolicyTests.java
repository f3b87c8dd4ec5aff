package dev.exitmonitor;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.exitmonitor.child.StragglerPolicyMain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for the {@link StragglerPolicy} applied by {@link ExitMonitor#completeExit(Duration)} to real
 * stragglers running in a {@link WorkerGroup}: busy loops, blocking socket reads, deadlocks, long
 * critical sections; in this JVM on a fresh monitor, and with {@code ABORT} and {@code EXIT} in a child
 * JVM terminated by SIGTERM.
 */
@Timeout(60)
class StragglerPolicyTests {

	private static final Duration DEADLINE = Duration.ofMillis(200);

	private static final Duration GRACE = Duration.ofMillis(300);

	private static final Duration WAIT_REPORT_INTERVAL = Duration.ofMillis(50);

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final ExitMonitor monitor = ExitMonitor.create("stragglers");

	/** Released by the test (and by the cleanup) to end busy stragglers. */
	private final AtomicBoolean release = new AtomicBoolean();

	/** Counted down by the test (and by the cleanup) to end blocked stragglers. */
	private final CountDownLatch releaseLatch = new CountDownLatch(1);

	/** Every thread that ran a worker body or a helper of a test, joined by the cleanup. */
	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final List<WorkerGroup> groups = new CopyOnWriteArrayList<>();

	private final List<Closeable> closeables = new CopyOnWriteArrayList<>();

	@AfterEach
	void releaseEveryStragglerAndJoinEveryThread() throws Exception {
		this.monitor.requestExit(ExitReason.requested("test cleanup"));
		this.release.set(true);
		this.releaseLatch.countDown();
		for (Closeable closeable : this.closeables) {
			try {
				closeable.close();
			}
			catch (IOException ex) {
				// Already closed or broken: the thread blocked on it ends either way.
			}
		}
		List<Thread> all = new ArrayList<>(this.threads);
		for (WorkerGroup group : this.groups) {
			group.runningThreads().forEach((running) -> all.add(running.thread()));
		}
		List<String> leaked = new ArrayList<>();
		for (Thread thread : all) {
			thread.join(PATIENCE.toMillis());
			if (thread.isAlive()) {
				leaked.add(thread.getName());
				// Last resort, so that a failed test does not leave a stuck thread behind.
				thread.interrupt();
				thread.join(PATIENCE.toMillis());
			}
		}
		assertThat(leaked).as("threads still alive %s after release", PATIENCE).isEmpty();
	}

	@Test
	void exitPolicyReportsABusyStragglerRunsLateCallbacksAndLeavesItRunning() throws Exception {
		this.monitor.setStragglerSettings(StragglerSettings.defaults()
			.withPolicy(StragglerPolicy.EXIT)
			.withEscalationGrace(GRACE));
		List<String> events = new CopyOnWriteArrayList<>();
		this.monitor.registerLate((reason) -> events.add("late callback"));
		CountDownLatch spinning = new CountDownLatch(1);
		WorkerGroup group = newGroup("busy");
		WorkerHandle spinner = group.add(WorkerDefinition.longRunning("spinner", (context) -> {
			this.threads.add(Thread.currentThread());
			spinning.countDown();
			spinUntilReleased(this.release);
		}).build());
		group.start();
		assertThat(spinning.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		this.monitor.requestExit(ExitReason.requested("test"));
		ShutdownReport report = this.monitor.completeExit(DEADLINE);

		assertThat(report.allStopped()).isFalse();
		assertThat(report.appliedPolicy()).isEqualTo(StragglerPolicy.EXIT);
		assertThat(report.stragglers()).singleElement().satisfies((straggler) -> {
			assertThat(straggler.workerName()).isEqualTo("spinner");
			assertThat(straggler.threadName()).isEqualTo("spinner-1");
			assertThat(straggler.threadState()).isEqualTo(Thread.State.RUNNABLE);
			assertThat(straggler.pastDeadline()).isGreaterThanOrEqualTo(Duration.ZERO);
			assertThat(straggler.inCriticalSection()).isFalse();
			assertThat(straggler.stackTrace()).anySatisfy(isFrameOf("spinUntilReleased"));
		});
		assertThat(events).containsExactly("late callback");
		assertThat(this.monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
		WorkerSnapshot snapshot = spinner.snapshot();
		assertThat(snapshot.state()).isEqualTo(WorkerState.STRAGGLING);
		assertThat(snapshot.threads()).singleElement()
			.satisfies((thread) -> assertThat(thread.stackTrace()).anySatisfy(isFrameOf("spinUntilReleased")));

		this.release.set(true);
		assertThat(spinner.awaitStopped(PATIENCE)).isTrue();
		assertThat(spinner.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void reportNamesAParticipantThatHasNotStoppedEvenWithoutAThreadToReport() throws Exception {
		// Work held with no thread to run it (an executor whose queued tasks lost their thread) has no
		// straggler to show: the report still names whose work it is.
		this.monitor.setStragglerSettings(StragglerSettings.defaults().withPolicy(StragglerPolicy.EXIT));
		this.monitor.addParticipant(new ExitParticipant() {

			@Override
			public String name() {
				return "stranded queue";
			}

			@Override
			public void requestStop(ExitReason reason) {
			}

			@Override
			public boolean awaitStopped(Duration timeout) {
				return false;
			}

		});
		WorkerGroup group = newGroup("quick");
		group.add(WorkerDefinition.longRunning("idle", (context) -> Exit.sleep(Duration.ofHours(1))).build());
		group.start();

		this.monitor.requestExit(ExitReason.requested("test"));
		ShutdownReport report = this.monitor.completeExit(DEADLINE);

		assertThat(report.allStopped()).isFalse();
		assertThat(report.stragglers()).isEmpty();
		assertThat(report.unstoppedParticipants()).containsExactly("stranded queue");
	}

	@Test
	void escalatePolicyClosesTheRegisteredSocketOfAReaderThatIgnoresTheSoftStop() throws Exception {
		this.monitor.setStragglerSettings(StragglerSettings.defaults()
			.withPolicy(StragglerPolicy.ESCALATE)
			.withEscalationGrace(GRACE));
		ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.closeables.add(server);
		server.setSoTimeout((int) PATIENCE.toMillis());
		CompletableFuture<Throwable> readEnded = new CompletableFuture<>();
		WorkerGroup group = newGroup("sockets");
		WorkerHandle reader = group.add(WorkerDefinition.longRunning("reader", (context) -> {
			this.threads.add(Thread.currentThread());
			try (Socket socket = new Socket(server.getInetAddress(), server.getLocalPort());
					CloseOnInterrupt registration = Exit.closeOnInterrupt(socket)) {
				this.closeables.add(socket);
				int read = socket.getInputStream().read();
				readEnded.complete(new AssertionError("read() returned " + read));
			}
			catch (IOException ex) {
				readEnded.complete(ex);
			}
		}).build());
		group.start();
		Socket accepted = server.accept();
		this.closeables.add(accepted);
		Thread readerThread = group.runningThreads().get(0).thread();
		Awaitility.await("reader blocked in a socket read")
			.atMost(PATIENCE)
			.until(() -> List.of(readerThread.getStackTrace()).stream().anyMatch(StragglerPolicyTests::isSocketRead));

		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(Interruption.isRequested(readerThread)).isTrue();
		ShutdownReport report = this.monitor.completeExit(DEADLINE);

		assertThat(report.allStopped()).isTrue();
		assertThat(report.appliedPolicy()).isEqualTo(StragglerPolicy.ESCALATE);
		assertThat(report.stragglers()).singleElement().satisfies((straggler) -> {
			assertThat(straggler.workerName()).isEqualTo("reader");
			assertThat(straggler.threadName()).isEqualTo("reader-1");
			// Still reading at the deadline: the soft stop did not end the read.
			assertThat(straggler.stackTrace()).anyMatch(StragglerPolicyTests::isSocketRead);
		});
		assertThat(readEnded).succeedsWithin(PATIENCE).isInstanceOf(SocketException.class);
		assertThat(reader.state()).isEqualTo(WorkerState.STOPPED);
		// STOPPED is set as the thread's last act; the thread itself ends right after.
		readerThread.join(PATIENCE.toMillis());
		assertThat(readerThread.isAlive()).isFalse();
	}

	@Test
	void escalatePolicyBreaksADeadlockBetweenTwoWorkersWithAHardInterrupt() throws Exception {
		this.monitor.setStragglerSettings(StragglerSettings.defaults()
			.withPolicy(StragglerPolicy.ESCALATE)
			.withEscalationGrace(GRACE));
		ReentrantLock first = new ReentrantLock();
		ReentrantLock second = new ReentrantLock();
		CountDownLatch bothHoldTheirFirstLock = new CountDownLatch(2);
		List<String> interrupted = new CopyOnWriteArrayList<>();
		WorkerGroup group = newGroup("deadlock");
		WorkerHandle left = group
			.add(WorkerDefinition.longRunning("left", lockInOrder(first, second, bothHoldTheirFirstLock, interrupted))
				.build());
		WorkerHandle right = group
			.add(WorkerDefinition.longRunning("right", lockInOrder(second, first, bothHoldTheirFirstLock, interrupted))
				.build());
		group.start();
		Awaitility.await("deadlock")
			.atMost(PATIENCE)
			.until(() -> first.isLocked() && second.isLocked() && first.hasQueuedThreads() && second.hasQueuedThreads());

		this.monitor.requestExit(ExitReason.requested("test"));
		ShutdownReport report = this.monitor.completeExit(DEADLINE);

		assertThat(report.allStopped()).isTrue();
		assertThat(report.appliedPolicy()).isEqualTo(StragglerPolicy.ESCALATE);
		assertThat(report.stragglers()).extracting(Straggler::workerName, Straggler::threadName)
			.containsExactlyInAnyOrder(tuple("left", "left-1"), tuple("right", "right-1"));
		assertThat(report.stragglers()).allSatisfy((straggler) -> {
			assertThat(straggler.threadState()).isEqualTo(Thread.State.WAITING);
			assertThat(straggler.stackTrace()).anyMatch((frame) -> frame.getMethodName().equals("lockInterruptibly"));
		});
		// The first worker escalated is interrupted for sure; the other is too unless the first one's unlock
		// hands it the lock before its own interrupt arrives. Either way both ended.
		assertThat(interrupted).isNotEmpty().isSubsetOf("left", "right").doesNotHaveDuplicates();
		assertThat(left.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(right.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(first.isLocked()).isFalse();
		assertThat(second.isLocked()).isFalse();
	}

	@Test
	void escalatePolicyNeverInterruptsACriticalSectionAndAppliesTheFinalPolicy() throws Exception {
		this.monitor.setStragglerSettings(StragglerSettings.defaults()
			.withPolicy(StragglerPolicy.ESCALATE)
			.withFinalPolicy(StragglerPolicy.EXIT)
			.withEscalationGrace(GRACE));
		CountDownLatch inSection = new CountDownLatch(1);
		CompletableFuture<Boolean> interruptedInside = new CompletableFuture<>();
		CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
		WorkerGroup group = newGroup("critical");
		WorkerHandle worker = group.add(WorkerDefinition.longRunning("settling", (context) -> {
			this.threads.add(Thread.currentThread());
			try (CriticalSection section = Exit.critical()) {
				inSection.countDown();
				this.releaseLatch.await();
				interruptedInside.complete(Thread.currentThread().isInterrupted());
			}
			interruptedAfter.complete(Thread.currentThread().isInterrupted());
		}).build());
		group.start();
		assertThat(inSection.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		this.monitor.requestExit(ExitReason.requested("test"));
		ShutdownReport report = this.monitor.completeExit(DEADLINE);

		assertThat(report.allStopped()).isFalse();
		assertThat(report.appliedPolicy()).isEqualTo(StragglerPolicy.EXIT);
		Instant requestedAt = this.monitor.requestedAt().orElseThrow();
		assertThat(report.stragglers()).singleElement().satisfies((straggler) -> {
			assertThat(straggler.workerName()).isEqualTo("settling");
			assertThat(straggler.threadName()).isEqualTo("settling-1");
			assertThat(straggler.inCriticalSection()).isTrue();
			assertThat(straggler.criticalSince()).isNotNull().isBeforeOrEqualTo(requestedAt);
		});
		assertThat(worker.state()).isEqualTo(WorkerState.STRAGGLING);
		assertThat(interruptedInside).isNotDone();

		this.releaseLatch.countDown();
		assertThat(interruptedInside).as("hard interrupt inside the critical section")
			.succeedsWithin(PATIENCE)
			.isEqualTo(false);
		assertThat(interruptedAfter).as("escalated interrupt delivered when the section closed")
			.succeedsWithin(PATIENCE)
			.isEqualTo(true);
		assertThat(worker.awaitStopped(PATIENCE)).isTrue();
		assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void waitPolicyHangsUntilTheStragglerEndsAfterReportingItPeriodically() throws Exception {
		this.monitor.setStragglerSettings(StragglerSettings.defaults()
			.withPolicy(StragglerPolicy.WAIT)
			.withWaitReportInterval(WAIT_REPORT_INTERVAL));
		// Joined first in every round of the late phase: its third join begins the round that follows
		// the first periodic report (round 1 until the deadline, report, round 2 for one interval, report).
		JoinCounter joins = new JoinCounter();
		this.monitor.addParticipant(joins);
		WorkerGroup group = newGroup("patient");
		WorkerHandle slow = group.add(WorkerDefinition.longRunning("slow", (context) -> {
			this.threads.add(Thread.currentThread());
			this.releaseLatch.await();
		}).build());
		group.start();
		Awaitility.await("slow worker blocked")
			.atMost(PATIENCE)
			.until(() -> slow.snapshot().threads().stream().anyMatch((thread) -> thread.state() == Thread.State.WAITING));

		this.monitor.requestExit(ExitReason.requested("test"));
		FutureTask<ShutdownReport> completion = new FutureTask<>(() -> this.monitor.completeExit(DEADLINE));
		Thread completer = new Thread(completion, "complete-exit");
		this.threads.add(completer);
		completer.start();
		Awaitility.await("first periodic report of the straggler")
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> slow.snapshot().state() == WorkerState.STRAGGLING && joins.count() >= 3);
		assertThat(completion).isNotDone();
		assertThat(this.monitor.phase()).isEqualTo(ExitPhase.EARLY_EXIT_DONE);
		assertThat(slow.snapshot().threads()).singleElement()
			.satisfies((thread) -> assertThat(thread.stackTrace()).isNotEmpty());
		this.releaseLatch.countDown();
		ShutdownReport report = completion.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

		assertThat(report.allStopped()).isTrue();
		assertThat(report.appliedPolicy()).isEqualTo(StragglerPolicy.WAIT);
		assertThat(report.stragglers()).singleElement().satisfies((straggler) -> {
			assertThat(straggler.workerName()).isEqualTo("slow");
			assertThat(straggler.threadName()).isEqualTo("slow-1");
		});
		assertThat(report.duration()).isGreaterThan(DEADLINE);
		assertThat(slow.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(this.monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
	}

	@Test
	void abortPolicyRunsLateCallbacksBeforeTerminatingWithTheAbortExitCode() throws Exception {
		this.monitor.setStragglerSettings(StragglerSettings.defaults()
			.withPolicy(StragglerPolicy.ABORT)
			.withAbortExitCode(3)
			.withEscalationGrace(GRACE));
		List<String> events = new CopyOnWriteArrayList<>();
		CompletableFuture<Integer> recorded = new CompletableFuture<>();
		this.monitor.setProcessTerminator((code) -> {
			events.add("terminated with " + code);
			recorded.complete(code);
		});
		this.monitor.registerLate((reason) -> events.add("late callback"));
		CountDownLatch spinning = new CountDownLatch(1);
		WorkerGroup group = newGroup("aborting");
		WorkerHandle spinner = group.add(WorkerDefinition.longRunning("spinner", (context) -> {
			this.threads.add(Thread.currentThread());
			spinning.countDown();
			spinUntilReleased(this.release);
		}).build());
		group.start();
		assertThat(spinning.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		this.monitor.requestExit(ExitReason.requested("test"));
		ShutdownReport report = this.monitor.completeExit(DEADLINE);

		assertThat(report.allStopped()).isFalse();
		assertThat(report.appliedPolicy()).isEqualTo(StragglerPolicy.ABORT);
		assertThat(report.stragglers()).singleElement()
			.satisfies((straggler) -> assertThat(straggler.threadName()).isEqualTo("spinner-1"));
		assertThat(recorded).isCompletedWithValue(3);
		assertThat(events).containsExactly("late callback", "terminated with 3");

		this.release.set(true);
		assertThat(spinner.awaitStopped(PATIENCE)).isTrue();
	}

	@Test
	void abortPolicyEndsAChildJvmWithTheAbortExitCodeOneSecondAfterSigterm() throws Exception {
		try (ChildJvm child = ChildJvm.start(StragglerPolicyMain.class, "ABORT")) {
			child.awaitLine("READY", Duration.ofSeconds(30));
			long signalled = System.nanoTime();
			child.terminate();
			int exitCode = child.awaitExit(Duration.ofSeconds(30));
			Duration shutdown = Duration.ofNanos(System.nanoTime() - signalled);
			String output = String.join("\n", child.lines());

			assertThat(exitCode).as(output).isEqualTo(3);
			// The shutdown hook waits its 1 s timeout for the straggler, then aborts at once.
			assertThat(shutdown).as(output).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
			assertStragglerReported(child, "ABORT");
			assertThat(child.indexOf("LATE JVM_SHUTDOWN")).as(output).isNotNegative();
		}
	}

	@Test
	void exitPolicyLetsAChildJvmEndWithTheSigtermExitCodeAfterReportingTheStraggler() throws Exception {
		try (ChildJvm child = ChildJvm.start(StragglerPolicyMain.class, "EXIT")) {
			child.awaitLine("READY", Duration.ofSeconds(30));
			long signalled = System.nanoTime();
			child.terminate();
			int exitCode = child.awaitExit(Duration.ofSeconds(30));
			Duration shutdown = Duration.ofNanos(System.nanoTime() - signalled);
			String output = String.join("\n", child.lines());

			// 143 = 128 + SIGTERM: EXIT keeps the JVM's own exit code and lets the straggler die with it.
			assertThat(exitCode).as(output).isEqualTo(143);
			assertThat(shutdown).as(output).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
			assertStragglerReported(child, "EXIT");
			assertThat(child.indexOf("LATE JVM_SHUTDOWN")).as(output).isNotNegative();
		}
	}

	private static void assertStragglerReported(ChildJvm child, String policy) {
		List<String> lines = child.lines();
		int report = child.indexOf("worker 'stubborn', thread 'stubborn-1'");
		assertThat(report).as(String.join("\n", lines)).isNotNegative();
		assertThat(lines.get(report)).contains("straggler policy " + policy);
		assertThat(lines.subList(report + 1, lines.size())).as(String.join("\n", lines))
			.anyMatch((line) -> line.trim().startsWith("at ")
					&& line.contains(StragglerPolicyMain.class.getName() + ".spinIgnoringStopRequests("));
	}

	private WorkerGroup newGroup(String name) {
		WorkerGroup group = WorkerGroup.create(name, this.monitor);
		this.groups.add(group);
		return group;
	}

	private Worker lockInOrder(ReentrantLock first, ReentrantLock second, CountDownLatch bothHoldTheirFirstLock,
			List<String> interrupted) {
		return (context) -> {
			this.threads.add(Thread.currentThread());
			first.lockInterruptibly();
			try {
				bothHoldTheirFirstLock.countDown();
				bothHoldTheirFirstLock.await();
				second.lockInterruptibly();
				second.unlock();
			}
			catch (InterruptedException ex) {
				interrupted.add(context.workerName());
				throw ex;
			}
			finally {
				first.unlock();
			}
		};
	}

	/**
	 * A busy loop that never checks for a stop request.
	 */
	private static void spinUntilReleased(AtomicBoolean released) {
		while (!released.get()) {
			Thread.onSpinWait();
		}
	}

	private static Consumer<StackTraceElement> isFrameOf(String methodName) {
		return (frame) -> {
			assertThat(frame.getClassName()).isEqualTo(StragglerPolicyTests.class.getName());
			assertThat(frame.getMethodName()).isEqualTo(methodName);
		};
	}

	private static boolean isSocketRead(StackTraceElement frame) {
		return frame.getClassName().contains("Socket") && frame.getMethodName().equals("read");
	}

	/**
	 * A participant with no threads of its own that counts how often the late phase joins it.
	 */
	private static final class JoinCounter implements ExitParticipant {

		private final AtomicInteger joins = new AtomicInteger();

		int count() {
			return this.joins.get();
		}

		@Override
		public String name() {
			return "join counter";
		}

		@Override
		public void requestStop(ExitReason reason) {
		}

		@Override
		public boolean awaitStopped(Duration timeout) {
			this.joins.incrementAndGet();
			return true;
		}

	}

}

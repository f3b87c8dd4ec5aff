package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.ThreadExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SignalRound}: threads woken by an exit pass help it wake the others.
 */
class SignalRoundTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final ExitMonitor monitor = ExitMonitor.create("signal-round");

	private final CountDownLatch never = new CountDownLatch(1);

	private final List<Thread> threads = new ArrayList<>();

	@AfterEach
	void releaseThreads() throws InterruptedException {
		this.never.countDown();
		for (Thread thread : this.threads) {
			thread.join(PATIENCE.toMillis());
		}
	}

	@Test
	void aThreadWokenByThePassWakesTheRest() throws Exception {
		int count = 8;
		List<CompletableFuture<Throwable>> stops = new ArrayList<>();
		List<ThreadState> states = startBlockedWithStopPending("waiter-", count, stops);
		// One thread per chunk, to watch the helping.
		SignalRound round = new SignalRound(states, 1);

		// The stopper signals only the first thread; the first thread, once woken, signals the others.
		assertThat(round.signalNext()).isTrue();

		assertAllExited(stops);
		assertThat(round.signalNext()).as("nothing left for the stopper").isFalse();
		round.run();
	}

	@Test
	void runSignalsEveryThreadEvenIfNoneHelps() throws Exception {
		CompletableFuture<Throwable> stop = new CompletableFuture<>();
		ThreadState waiting = startWaitingThread("waiter", stop);
		awaitAllWaiting(List.of(waiting));
		Thread busy = new Thread(() -> {
		});
		ThreadState notWaiting = ThreadStates.bind(busy, this.monitor, InterruptMode.COOPERATIVE);
		raiseStopFlags(List.of(waiting, notWaiting));

		new SignalRound(List.of(notWaiting, waiting)).run();

		assertThat(stop.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(ThreadExit.class);
		assertThat(notWaiting.signalRound()).as("the pass is not kept alive by a thread it did not wake")
			.isNull();
	}

	@Test
	void signalAllWakesSmallAndLargePasses() throws Exception {
		for (int count : new int[] { 2, 12 }) {
			List<CompletableFuture<Throwable>> stops = new ArrayList<>();
			List<ThreadState> states = startBlockedWithStopPending("waiter-" + count + "-", count, stops);

			SignalRound.signalAll(states);

			assertAllExited(stops);
		}
	}

	@Test
	void runDoesNotWaitForAHelperThatTookAChunkAndStalled() throws Exception {
		List<CompletableFuture<Throwable>> stops = new ArrayList<>();
		List<ThreadState> states = startBlockedWithStopPending("waiter-", 3, stops);
		SignalRound round = new SignalRound(states, 2);
		// A helper took the first chunk and lost its processor before signalling anyone.
		assertThat(round.take()).isZero();

		CompletableFuture.runAsync(round::run).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

		assertAllExited(stops);
	}

	@Test
	void aHelperThatResumesAfterThePassEndedLeavesNoThreadJoinedToIt() {
		List<ThreadState> states = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			states.add(unregisteredState());
		}
		SignalRound round = new SignalRound(states, 1);
		// A helper took the first chunk and lost its processor; the stopper finishes the pass without it.
		assertThat(round.take()).isZero();
		round.run();

		// The helper resumes and signals its chunk.
		round.signalChunk(0);

		assertThat(states).allSatisfy((state) -> assertThat(state.signalRound()).isNull());
	}

	@Test
	void chunksCoverEveryThreadOnceWhateverTheSize() {
		for (int size : new int[] { 0, 1, 2, 63, 64, 65, 2047, 2048, 2049, 10_000 }) {
			List<ThreadState> states = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				// Never started: a signal to a thread in interrupt mode with a stop pending interrupts it. Not
				// registered, so that thousands of never-ending states do not stay behind for later tests.
				ThreadState state = unregisteredState();
				state.setInterruptMode(InterruptMode.INTERRUPT);
				states.add(state);
			}
			raiseStopFlags(states);
			SignalRound round = new SignalRound(states);
			round.run();
			assertThat(states).as("every thread of a pass of %d was signalled", size)
				.allSatisfy((state) -> assertThat(state.thread().isInterrupted()).isTrue());
			assertThat(round.take()).as("no chunk left after a pass of %d", size).isEqualTo(-1);
		}
	}

	@Test
	void aThreadWokenFromAConditionWaitDoesNotHelpWhileHoldingTheLock() throws Exception {
		ReentrantLock lock = new ReentrantLock();
		Condition condition = lock.newCondition();
		List<ThreadState> states = new ArrayList<>();
		List<CompletableFuture<Throwable>> stops = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			CompletableFuture<Throwable> stop = new CompletableFuture<>();
			Thread thread = new Thread(() -> {
				lock.lock();
				try {
					Exit.await(condition);
					stop.complete(null);
				}
				catch (Throwable ex) {
					stop.complete(ex);
				}
				finally {
					lock.unlock();
				}
			}, "condition-waiter-" + i);
			states.add(ThreadStates.bind(thread, this.monitor, InterruptMode.COOPERATIVE));
			this.threads.add(thread);
			thread.start();
			stops.add(stop);
		}
		awaitAllWaiting(states);
		raiseStopFlags(states);
		SignalRound round = new SignalRound(states, 1);

		assertThat(round.signalNext()).isTrue();

		assertThat(stops.get(0).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(ThreadExit.class);
		this.threads.get(0).join(PATIENCE.toMillis());
		assertThat(stops.get(1)).as("not woken by the first thread").isNotDone();
		assertThat(round.signalNext()).as("left for the stopper").isTrue();
		assertThat(stops.get(1).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(ThreadExit.class);
	}

	/**
	 * Start threads blocked in exit-aware waits, each completing its future with what ended its wait, and raise
	 * their stop flags without signalling them.
	 */
	private List<ThreadState> startBlockedWithStopPending(String namePrefix, int count,
			List<CompletableFuture<Throwable>> stops) {
		List<ThreadState> states = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			CompletableFuture<Throwable> stop = new CompletableFuture<>();
			states.add(startWaitingThread(namePrefix + i, stop));
			stops.add(stop);
		}
		awaitAllWaiting(states);
		raiseStopFlags(states);
		return states;
	}

	private static void assertAllExited(List<CompletableFuture<Throwable>> stops) throws Exception {
		for (CompletableFuture<Throwable> stop : stops) {
			assertThat(stop.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(ThreadExit.class);
		}
	}

	/**
	 * Raise the stop flag of each thread without signalling it, as a stopper does before its pass (a signal
	 * with no stop pending is a stale one, which a wait ignores).
	 */
	private static void raiseStopFlags(List<ThreadState> states) {
		states.forEach(ThreadState::markStopRequested);
	}

	/**
	 * Return the state of a thread that never starts, bound to the test's monitor but kept out of the registry.
	 */
	private ThreadState unregisteredState() {
		return new ThreadState(new Thread(() -> {
		}), this.monitor);
	}

	private ThreadState startWaitingThread(String name, CompletableFuture<Throwable> stop) {
		Thread thread = new Thread(() -> {
			try {
				ExitAwareWaits.await(() -> {
					this.never.await();
					return null;
				});
				stop.complete(null);
			}
			catch (Throwable ex) {
				stop.complete(ex);
			}
		}, name);
		ThreadState state = ThreadStates.bind(thread, this.monitor, InterruptMode.COOPERATIVE);
		this.threads.add(thread);
		thread.start();
		return state;
	}

	private void awaitAllWaiting(List<ThreadState> states) {
		Awaitility.await("threads blocked in their exit-aware waits")
			.atMost(PATIENCE)
			.until(() -> states.stream()
				.allMatch((state) -> state.isWaiting() && state.thread().getState() == Thread.State.WAITING));
	}

}

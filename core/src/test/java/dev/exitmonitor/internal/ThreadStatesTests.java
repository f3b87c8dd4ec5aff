package dev.exitmonitor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.InterruptMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ThreadStates}: each monitor holds its own threads, which its exit visits, and lets go of
 * them, and of itself, once they ended.
 */
class ThreadStatesTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> started = new ArrayList<>();

	@AfterEach
	void endThreads() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.started) {
			thread.join(PATIENCE.toMillis());
		}
	}

	@Test
	void aMonitorListsOnlyTheThreadsItsFactoriesMade() throws InterruptedException {
		ExitMonitor first = ExitMonitor.create("first");
		ExitMonitor second = ExitMonitor.create("second");
		List<Thread> ofFirst = List.of(start(factory(first)), start(factory(first)), start(factory(first)));
		Thread ofSecond = start(factory(second));
		ThreadStates.forThread(Thread.currentThread());

		assertThat(threadsOf(first)).containsExactlyInAnyOrderElementsOf(ofFirst);
		assertThat(threadsOf(second)).containsExactly(ofSecond);
		assertThat(threadsOf(ExitMonitor.global())).contains(Thread.currentThread())
			.doesNotContainAnyElementsOf(ofFirst)
			.doesNotContain(ofSecond);
	}

	@Test
	void threadsThatEndLeaveTheirMonitorInAnyOrderAndTheMonitorIsThenLetGo() throws InterruptedException {
		ExitMonitor monitor = ExitMonitor.create("ending");
		List<CountDownLatch> ends = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			CountDownLatch end = new CountDownLatch(1);
			ends.add(end);
			threads.add(start(factory(monitor), end));
		}
		for (int index : new int[] { 1, 4, 0, 3 }) {
			ends.get(index).countDown();
			threads.get(index).join(PATIENCE.toMillis());
			List<Thread> alive = threads.stream().filter(Thread::isAlive).toList();
			assertThat(threadsOf(monitor)).containsExactlyInAnyOrderElementsOf(alive);
		}
		assertThat(ThreadStates.holdsThreadsOf(monitor)).isTrue();

		ends.get(2).countDown();
		threads.get(2).join(PATIENCE.toMillis());

		assertThat(threadsOf(monitor)).isEmpty();
		assertThat(ThreadStates.holdsThreadsOf(monitor)).as("a monitor whose threads all ended is let go").isFalse();
		Thread later = start(factory(monitor));
		assertThat(threadsOf(monitor)).as("a thread bound after that is held again").containsExactly(later);
	}

	@Test
	void threadsStartingAndEndingAtOnceAreHeldWhileTheyRunAndLetGoAfter() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("churn");
		ThreadFactory factory = factory(monitor);
		AtomicInteger missing = new AtomicInteger();
		ExecutorService starters = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				// Each starter runs one thread at a time: the monitor's set keeps emptying and coming back.
				runs.add(starters.submit(() -> {
					for (int round = 0; round < 250; round++) {
						Thread thread = factory.newThread(() -> {
							if (!threadsOf(monitor).contains(Thread.currentThread())) {
								missing.incrementAndGet();
							}
						});
						thread.start();
						thread.join();
					}
					return null;
				}));
			}
			for (Future<?> run : runs) {
				run.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			starters.shutdownNow();
		}
		assertThat(missing).as("running threads missing from their monitor").hasValue(0);
		assertThat(threadsOf(monitor)).isEmpty();
		assertThat(ThreadStates.holdsThreadsOf(monitor)).isFalse();
	}

	@Test
	void aThreadMadeByNestedFactoriesBelongsToTheOuterMonitorOnly() throws InterruptedException {
		ExitMonitor inner = ExitMonitor.create("inner");
		ExitMonitor outer = ExitMonitor.create("outer");
		Thread thread = start(factory(outer, factory(inner, Thread::new)));

		assertThat(threadsOf(outer)).containsExactly(thread);
		assertThat(threadsOf(inner)).isEmpty();
		assertThat(ThreadStates.holdsThreadsOf(inner)).isFalse();
		inner.requestExit(ExitReason.requested("test"));
		assertThat(ThreadStates.find(thread).isStopRequested()).as("the inner monitor no longer rules it").isFalse();
		outer.requestExit(ExitReason.requested("test"));
		assertThat(ThreadStates.find(thread).isStopRequested()).isTrue();
	}

	@Test
	void aThreadMovedBetweenMonitorsLeavesBothWhenItEnds() throws InterruptedException {
		for (boolean outerHasAnotherThread : new boolean[] { false, true }) {
			ExitMonitor inner = ExitMonitor.create("inner");
			ExitMonitor outer = ExitMonitor.create("outer");
			CountDownLatch endOther = new CountDownLatch(1);
			Thread other = outerHasAnotherThread ? start(factory(outer), endOther) : null;
			CountDownLatch end = new CountDownLatch(1);
			Thread moved = start(factory(outer, factory(inner, Thread::new)), end);

			end.countDown();
			moved.join(PATIENCE.toMillis());

			assertThat(ThreadStates.holdsThreadsOf(inner)).as("inner, other thread in outer: %s", outerHasAnotherThread)
				.isFalse();
			assertThat(threadsOf(outer)).as("outer, other thread in outer: %s", outerHasAnotherThread)
				.doesNotContain(moved);
			endOther.countDown();
			if (other != null) {
				other.join(PATIENCE.toMillis());
			}
			assertThat(ThreadStates.holdsThreadsOf(outer)).isFalse();
		}
	}

	@Test
	void theGlobalMonitorHasNoSetOfItsOwn() throws InterruptedException {
		Thread thread = start(factory(ExitMonitor.global()));

		assertThat(threadsOf(ExitMonitor.global())).contains(thread);
		assertThat(ThreadStates.holdsThreadsOf(ExitMonitor.global())).isFalse();
	}

	private static ThreadFactory factory(ExitMonitor monitor) {
		return factory(monitor, Thread::new);
	}

	private static ThreadFactory factory(ExitMonitor monitor, ThreadFactory delegate) {
		return monitor.threadFactory(delegate, InterruptMode.COOPERATIVE);
	}

	private Thread start(ThreadFactory factory) throws InterruptedException {
		return start(factory, this.release);
	}

	/**
	 * Start a thread that waits for the latch, and return once it runs (threads are bound as they start).
	 */
	private Thread start(ThreadFactory factory, CountDownLatch end) throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		Thread thread = factory.newThread(() -> {
			running.countDown();
			try {
				end.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		thread.start();
		this.started.add(thread);
		running.await();
		return thread;
	}

	private static List<Thread> threadsOf(ExitMonitor monitor) {
		return ThreadStates.boundTo(monitor).stream().map(ThreadState::thread).toList();
	}

}

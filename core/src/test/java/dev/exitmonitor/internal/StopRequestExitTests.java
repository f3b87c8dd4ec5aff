package dev.exitmonitor.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.CriticalSection;
import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.Interruption;
import dev.exitmonitor.ThreadExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StopRequestExit}, the library's {@link ThreadExit}: its message, composed when read, says
 * which thread stops and why, and it travels as a plain {@code ThreadExit}.
 */
class StopRequestExitTests {

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	@Test
	void exitOfTheMonitorIsNamedWithItsReason() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("message-test");
		ExitReason reason = ExitReason.requested("maintenance");
		ThreadExit exit = exitOfSleepingThread(monitor, "sleeper", (thread) -> monitor.requestExit(reason));
		assertThat(exit).hasMessage("Thread 'sleeper' was asked to stop: exit monitor 'message-test' is exiting: "
				+ reason);
		assertThat(exit.getStackTrace()).isEmpty();
		assertThat(exit).hasToString("dev.exitmonitor.ThreadExit: " + exit.getMessage());
	}

	@Test
	void stopOfOneThreadIsNamedAsSuch() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("single-stop");
		ThreadExit exit = exitOfSleepingThread(monitor, "single", Interruption::request);
		assertThat(exit).hasMessage("Thread 'single' was asked to stop: a stop was requested for this thread");
	}

	@Test
	void exitIsNamedWhenTheThreadWasAlsoAskedToStopOnItsOwnDuringIt() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("exit-and-own-stop");
		CountDownLatch inSection = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread thread = monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE).newThread(() -> {
			try {
				try (CriticalSection section = Exit.critical()) {
					inSection.countDown();
					release.await();
				}
				Exit.check();
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		thread.setName("escalated");
		thread.start();
		assertThat(inSection.await(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
		ExitReason reason = ExitReason.requested("maintenance");
		monitor.requestExit(reason);
		// As a straggler's escalation does: the thread itself is asked to stop while the exit is under way.
		Interruption.request(thread);
		release.countDown();
		assertThat(outcome.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ThreadExit.class)
			.hasMessage("Thread 'escalated' was asked to stop: exit monitor 'exit-and-own-stop' is exiting: " + reason);
		thread.join();
	}

	@Test
	void serializedAsAPlainThreadExitWithItsMessage() throws Exception {
		ExitMonitor monitor = ExitMonitor.create("serialized");
		ThreadExit exit = exitOfSleepingThread(monitor, "serialized-sleeper",
				(thread) -> monitor.requestExit(ExitReason.requested("test")));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(exit);
		}
		Object copy;
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			copy = in.readObject();
		}
		assertThat(copy).isExactlyInstanceOf(ThreadExit.class);
		assertThat(((ThreadExit) copy)).hasMessage(exit.getMessage());
	}

	private static ThreadExit exitOfSleepingThread(ExitMonitor monitor, String name, Consumer<Thread> stop)
			throws Exception {
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread thread = monitor.threadFactory(Thread::new, InterruptMode.COOPERATIVE).newThread(() -> {
			try {
				Exit.sleep(Duration.ofHours(1));
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		thread.setName(name);
		thread.start();
		Awaitility.await().atMost(AT_MOST).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
		stop.accept(thread);
		Throwable ended = outcome.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
		thread.join();
		assertThat(ended).isInstanceOf(ThreadExit.class);
		return (ThreadExit) ended;
	}

}

package dev.exitmonitor;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link Exit} checkpoints and regions, and {@link Interruption}.
 */
class ExitTests {

	private final ExitMonitor monitor = ExitMonitor.create("exit-tests");

	private final MonitoredThreads threads = new MonitoredThreads(this.monitor, InterruptMode.COOPERATIVE);

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.threads.close();
	}

	private <T> T inMonitoredThread(java.util.concurrent.Callable<T> body) throws Exception {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.threads.start("body", () -> {
			try {
				result.complete(body.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		return result.get(10, TimeUnit.SECONDS);
	}

	@Test
	void threadIsNotAskedToStopWhileMonitorRuns() throws Exception {
		assertThat(inMonitoredThread(() -> {
			Exit.check();
			return Exit.requested();
		})).isFalse();
	}

	@Test
	void checkThrowsThreadExitOnceTheMonitorExits() throws Exception {
		this.monitor.requestExit(ExitReason.requested("shutting down"));
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		inMonitoredThread(() -> {
			assertThat(Exit.requested()).isTrue();
			try {
				Exit.check();
			}
			catch (Exception ex) {
				// A generic catch must not swallow ThreadExit: it is an Error.
				thrown.set(ex);
			}
			catch (ThreadExit ex) {
				thrown.set(ex);
			}
			return null;
		});
		assertThat(thrown.get()).isInstanceOf(ThreadExit.class)
			.hasMessageContaining("exit monitor 'exit-tests' is exiting")
			.hasMessageContaining("shutting down");
	}

	@Test
	void interruptionRequestAffectsOnlyThatThreadAndNeverClears() throws Exception {
		CountDownLatch requested = new CountDownLatch(1);
		CompletableFuture<Boolean> seenTwice = new CompletableFuture<>();
		Thread target = this.threads.start("target", () -> {
			try {
				requested.await();
				seenTwice.complete(Exit.requested() && Exit.requested());
			}
			catch (InterruptedException ex) {
				seenTwice.completeExceptionally(ex);
			}
		});
		CompletableFuture<Boolean> other = new CompletableFuture<>();
		this.threads.start("other", () -> other.complete(Exit.requested()));
		assertThat(other.get(10, TimeUnit.SECONDS)).isFalse();
		Interruption.request(target);
		assertThat(Interruption.isRequested(target)).isTrue();
		requested.countDown();
		assertThat(seenTwice.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.monitor.isExitRequested()).isFalse();
	}

	@Test
	void softRequestDoesNotTouchJavaInterruptStatus() throws Exception {
		CountDownLatch requested = new CountDownLatch(1);
		CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
		Thread target = this.threads.start("target", () -> {
			try {
				requested.await();
			}
			catch (InterruptedException ex) {
				interrupted.completeExceptionally(ex);
				return;
			}
			interrupted.complete(Thread.currentThread().isInterrupted());
		});
		Interruption.request(target);
		requested.countDown();
		assertThat(interrupted.get(10, TimeUnit.SECONDS)).isFalse();
	}

	@Test
	void nowThrowsThreadExit() {
		assertThatThrownBy(Exit::now).isInstanceOf(ThreadExit.class).isInstanceOf(Error.class);
	}

	@Test
	void checkDoesNotThrowInsideCriticalSectionButRightAfterIt() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch requested = new CountDownLatch(1);
		CompletableFuture<String> result = new CompletableFuture<>();
		this.threads.start("critical", () -> {
			try {
				try (CriticalSection outer = Exit.critical()) {
					try (CriticalSection inner = Exit.critical()) {
						inside.countDown();
						requested.await();
						Exit.check();
						assertThat(Exit.requested()).isTrue();
					}
					Exit.check();
				}
				Exit.check();
				result.complete("no ThreadExit");
			}
			catch (ThreadExit ex) {
				result.complete("ThreadExit after the section");
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		inside.await();
		this.monitor.requestExit(ExitReason.requested("test"));
		requested.countDown();
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("ThreadExit after the section");
	}

	@Test
	void hardInterruptIsDeliveredInsideInterruptibleRegionAndClearedOnLeaving() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CompletableFuture<String> result = new CompletableFuture<>();
		this.threads.start("interruptible", () -> {
			try (InterruptibleRegion region = Exit.interruptible()) {
				inside.countDown();
				try {
					new CountDownLatch(1).await();
					result.complete("not interrupted");
				}
				catch (InterruptedException ex) {
					// Consumed here; re-assert it to check that leaving the region clears it.
					Thread.currentThread().interrupt();
				}
			}
			result.complete("interrupted, status after region: " + Thread.currentThread().isInterrupted());
		});
		inside.await();
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted, status after region: false");
	}

	@Test
	void enteringInterruptibleRegionAfterStopRequestInterruptsAtOnce() throws Exception {
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(inMonitoredThread(() -> {
			boolean before = Thread.currentThread().isInterrupted();
			boolean inside;
			try (InterruptibleRegion region = Exit.interruptible()) {
				inside = Thread.currentThread().isInterrupted();
			}
			return before + "/" + inside + "/" + Thread.currentThread().isInterrupted();
		})).isEqualTo("false/true/false");
	}

	@Test
	void noHardInterruptOutsideInterruptibleRegionInCooperativeMode() throws Exception {
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(inMonitoredThread(() -> Thread.currentThread().isInterrupted())).isFalse();
	}

	@Test
	void interruptModeInterruptsOutsideRegionsButNotInsideCriticalSections() throws Exception {
		try (MonitoredThreads interruptThreads = new MonitoredThreads(this.monitor, InterruptMode.INTERRUPT)) {
			CountDownLatch inside = new CountDownLatch(1);
			CountDownLatch requested = new CountDownLatch(1);
			CompletableFuture<String> result = new CompletableFuture<>();
			interruptThreads.start("interrupt-mode", () -> {
				boolean insideInterrupted;
				try (CriticalSection section = Exit.critical()) {
					inside.countDown();
					try {
						requested.await();
					}
					catch (InterruptedException ex) {
						result.complete("interrupted inside the critical section");
						return;
					}
					insideInterrupted = Thread.currentThread().isInterrupted();
				}
				result.complete(insideInterrupted + "/" + Thread.currentThread().isInterrupted());
			});
			inside.await();
			this.monitor.requestExit(ExitReason.requested("test"));
			requested.countDown();
			assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("false/true");
		}
	}

	@Test
	void interruptPendingBeforeCriticalSectionIsHeldBackUntilItCloses() throws Exception {
		assertThat(inMonitoredThread(() -> {
			Thread.currentThread().interrupt();
			boolean inside;
			try (CriticalSection section = Exit.critical()) {
				inside = Thread.currentThread().isInterrupted();
			}
			return inside + "/" + Thread.interrupted();
		})).isEqualTo("false/true");
	}

	@Test
	void escalationClosesRegisteredResourceToEndABlockingSocketRead() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CountDownLatch reading = new CountDownLatch(1);
			CompletableFuture<Throwable> result = new CompletableFuture<>();
			Thread reader = this.threads.start("socket-reader", () -> {
				try (Socket socket = new Socket(server.getInetAddress(), server.getLocalPort());
						CloseOnInterrupt registration = Exit.closeOnInterrupt(socket)) {
					InputStream in = socket.getInputStream();
					reading.countDown();
					in.read();
					result.complete(null);
				}
				catch (Throwable ex) {
					result.complete(ex);
				}
			});
			try (Socket accepted = server.accept()) {
				reading.await();
				// A soft request does not end a socket read on a platform thread ...
				Interruption.request(reader);
				assertThat(reader.isAlive()).isTrue();
				// ... escalation does, by closing the registered socket.
				Interruption.escalate(reader);
				assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);
			}
		}
	}

	@Test
	void resourceRegisteredAfterEscalationIsClosedAtOnce() throws Exception {
		AtomicBoolean closed = new AtomicBoolean();
		Closeable resource = () -> closed.set(true);
		inMonitoredThread(() -> {
			Interruption.escalate(Thread.currentThread());
			Thread.interrupted();
			Exit.closeOnInterrupt(resource).close();
			return null;
		});
		assertThat(closed).isTrue();
	}

	@Test
	void unregisteredResourceIsNotClosedOnEscalation() throws Exception {
		AtomicBoolean closed = new AtomicBoolean();
		inMonitoredThread(() -> {
			try (CloseOnInterrupt registration = Exit.closeOnInterrupt(() -> closed.set(true))) {
				// nothing
			}
			Interruption.escalate(Thread.currentThread());
			Thread.interrupted();
			return null;
		});
		assertThat(closed).isFalse();
	}

	@Test
	void failingCloseOnEscalationIsLoggedAndOthersStillClose() throws Exception {
		AtomicBoolean closed = new AtomicBoolean();
		inMonitoredThread(() -> {
			Exit.closeOnInterrupt(() -> {
				throw new IOException("cannot close");
			});
			Exit.closeOnInterrupt(() -> closed.set(true));
			Interruption.escalate(Thread.currentThread());
			Thread.interrupted();
			return null;
		});
		assertThat(closed).isTrue();
	}

	@Test
	void closingARegionTwiceFails() {
		CriticalSection section = Exit.critical();
		section.close();
		assertThatIllegalStateException().isThrownBy(section::close).withMessageContaining("already closed");
		InterruptibleRegion region = Exit.interruptible();
		region.close();
		assertThatIllegalStateException().isThrownBy(region::close).withMessageContaining("already closed");
	}

	@Test
	void closingARegionFromAnotherThreadFails() throws Exception {
		CriticalSection section = Exit.critical();
		try {
			CompletableFuture<Throwable> failure = new CompletableFuture<>();
			Thread other = new Thread(() -> {
				try {
					section.close();
					failure.complete(null);
				}
				catch (Throwable ex) {
					failure.complete(ex);
				}
			}, "other-thread");
			other.start();
			assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("must be closed by the thread that opened it")
				.hasMessageContaining("other-thread");
		}
		finally {
			section.close();
		}
	}

	@Test
	void closingAnOuterRegionBeforeTheInnerOneFails() {
		CriticalSection outer = Exit.critical();
		CriticalSection inner = Exit.critical();
		assertThatIllegalStateException().isThrownBy(outer::close).withMessageContaining("innermost first");
		inner.close();
		assertThatNoException().isThrownBy(outer::close);
		InterruptibleRegion outerRegion = Exit.interruptible();
		InterruptibleRegion innerRegion = Exit.interruptible();
		assertThatIllegalStateException().isThrownBy(outerRegion::close).withMessageContaining("innermost first");
		innerRegion.close();
		outerRegion.close();
	}

	@Test
	void nullArgumentsAreRejectedWithTheParameterName() {
		assertThatNullPointerException().isThrownBy(() -> Exit.closeOnInterrupt(null))
			.withMessageContaining("'resource'");
		assertThatNullPointerException().isThrownBy(() -> Interruption.request(null))
			.withMessageContaining("'thread'");
		assertThatNullPointerException().isThrownBy(() -> Interruption.escalate(null))
			.withMessageContaining("'thread'");
		assertThatNullPointerException().isThrownBy(() -> Interruption.isRequested(null))
			.withMessageContaining("'thread'");
	}

	@Test
	void unmanagedThreadsObeyTheGlobalMonitor() {
		assertThat(Exit.monitor()).isSameAs(ExitMonitor.global());
		assertThat(Exit.requested()).isFalse();
	}

}

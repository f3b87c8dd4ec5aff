package dev.exitmonitor;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExitMonitor#exitChannel()} with a real NIO {@link Selector} loop.
 */
class ExitChannelTests {

	private final ExitMonitor monitor = ExitMonitor.create("channel-tests");

	@Test
	void selectorLoopWakesOnlyBecauseOfExit() throws Exception {
		CountDownLatch selecting = new CountDownLatch(1);
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread loop = new Thread(() -> {
			try (Selector selector = Selector.open();
					ServerSocketChannel server = ServerSocketChannel.open();
					Pipe.SourceChannel exit = this.monitor.exitChannel()) {
				server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
				server.configureBlocking(false);
				server.register(selector, SelectionKey.OP_ACCEPT);
				SelectionKey exitKey = exit.register(selector, SelectionKey.OP_READ);
				int wakeUps = 0;
				while (true) {
					selecting.countDown();
					selector.select();
					wakeUps++;
					if (selector.selectedKeys().contains(exitKey)) {
						int read = exit.read(ByteBuffer.allocate(1));
						result.complete("exit after " + wakeUps + " wake-up(s), read " + read);
						return;
					}
					selector.selectedKeys().clear();
				}
			}
			catch (Exception ex) {
				result.completeExceptionally(ex);
			}
		}, "selector-loop");
		loop.start();
		selecting.await();
		assertThat(result).isNotDone();
		this.monitor.requestExit(ExitReason.requested("test"));
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("exit after 1 wake-up(s), read -1");
		loop.join();
	}

	@Test
	void channelOpenedAfterExitIsReadableAtOnce() throws Exception {
		this.monitor.requestExit(ExitReason.requested("test"));
		try (Selector selector = Selector.open(); Pipe.SourceChannel exit = this.monitor.exitChannel()) {
			assertThat(exit.isBlocking()).isFalse();
			exit.register(selector, SelectionKey.OP_READ);
			assertThat(selector.select(Duration.ofSeconds(10).toMillis())).isEqualTo(1);
		}
	}

	@Test
	void everyChannelBecomesReadableAndStaysReadable() throws Exception {
		try (Selector selector = Selector.open();
				Pipe.SourceChannel first = this.monitor.exitChannel();
				Pipe.SourceChannel second = this.monitor.exitChannel()) {
			first.register(selector, SelectionKey.OP_READ);
			second.register(selector, SelectionKey.OP_READ);
			assertThat(selector.selectNow()).isZero();
			this.monitor.requestExit(ExitReason.requested("test"));
			assertThat(selector.select(Duration.ofSeconds(10).toMillis())).isEqualTo(2);
			assertThat(first.read(ByteBuffer.allocate(1))).isEqualTo(-1);
			selector.selectedKeys().clear();
			assertThat(selector.select(Duration.ofSeconds(10).toMillis())).isEqualTo(2);
		}
	}

	@Test
	void channelClosedByItsOwnerBeforeExitIsPruned() throws Exception {
		Pipe.SourceChannel closedEarly = this.monitor.exitChannel();
		closedEarly.close();
		try (Pipe.SourceChannel open = this.monitor.exitChannel()) {
			this.monitor.requestExit(ExitReason.requested("test"));
			assertThat(open.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
	}

}

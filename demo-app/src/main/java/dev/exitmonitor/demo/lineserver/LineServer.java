package dev.exitmonitor.demo.lineserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.demo.DemoProperties;
import dev.exitmonitor.demo.jobs.JobRepository;
import dev.exitmonitor.spring.BackgroundWorker;

/**
 * A tiny TCP line protocol ({@code PING} → {@code PONG}, {@code STATS} → job counts, {@code QUIT})
 * served by one NIO {@link Selector} loop that also watches the exit monitor's
 * {@link ExitMonitor#exitChannel() exit channel}: when the application exits, the loop wakes at once,
 * says {@code BYE} to every client and closes.
 *
 * @since 0.1.0
 */
@Component
public class LineServer {

	private static final Log logger = LogFactory.getLog(LineServer.class);

	private final ExitMonitor monitor;

	private final JobRepository repository;

	private final DemoProperties properties;

	private volatile int port = -1;

	LineServer(ExitMonitor monitor, JobRepository repository, DemoProperties properties) {
		this.monitor = monitor;
		this.repository = repository;
		this.properties = properties;
	}

	/**
	 * Serve until the exit begins.
	 * @throws IOException if the server socket cannot be opened
	 */
	@BackgroundWorker(name = "line-server", mode = BackgroundWorker.Mode.LONG_RUNNING)
	public void serve() throws IOException {
		try (Selector selector = Selector.open();
				ServerSocketChannel server = ServerSocketChannel.open();
				Pipe.SourceChannel exit = this.monitor.exitChannel()) {
			server.bind(new InetSocketAddress(this.properties.getLineServer().getPort()));
			server.configureBlocking(false);
			server.register(selector, SelectionKey.OP_ACCEPT);
			SelectionKey exitKey = exit.register(selector, SelectionKey.OP_READ);
			this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
			logger.info("Line server listening on port " + this.port);
			while (true) {
				selector.select();
				if (selector.selectedKeys().contains(exitKey)) {
					sayGoodbye(selector);
					return;
				}
				Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					if (key.isValid() && key.isAcceptable()) {
						accept(server, selector);
					}
					else if (key.isValid() && key.isReadable()) {
						read(key);
					}
				}
			}
		}
	}

	private void accept(ServerSocketChannel server, Selector selector) throws IOException {
		SocketChannel client = server.accept();
		if (client != null) {
			client.configureBlocking(false);
			client.register(selector, SelectionKey.OP_READ, new StringBuilder());
			write(client, "HELLO exit-monitor-demo");
		}
	}

	private void read(SelectionKey key) {
		SocketChannel client = (SocketChannel) key.channel();
		StringBuilder pending = (StringBuilder) key.attachment();
		ByteBuffer buffer = ByteBuffer.allocate(1024);
		try {
			int read = client.read(buffer);
			if (read < 0) {
				client.close();
				return;
			}
			pending.append(new String(buffer.array(), 0, read, StandardCharsets.UTF_8));
			int newline;
			while ((newline = pending.indexOf("\n")) >= 0) {
				String line = pending.substring(0, newline).trim();
				pending.delete(0, newline + 1);
				if (!answer(client, line)) {
					client.close();
					return;
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Line server client failed", ex);
			closeQuietly(client);
		}
	}

	private boolean answer(SocketChannel client, String line) throws IOException {
		switch (line.toUpperCase()) {
			case "PING" -> write(client, "PONG");
			case "STATS" -> write(client, this.repository.stats().toString());
			case "QUIT" -> {
				write(client, "BYE");
				return false;
			}
			default -> write(client, "ERR unknown command '" + line + "'; try PING, STATS or QUIT");
		}
		return true;
	}

	private void sayGoodbye(Selector selector) {
		int clients = 0;
		for (SelectionKey key : selector.keys()) {
			if (key.channel() instanceof SocketChannel client && client.isOpen()) {
				try {
					write(client, "BYE server is shutting down");
				}
				catch (IOException ex) {
					logger.debug("Could not say goodbye to a client", ex);
				}
				closeQuietly(client);
				clients++;
			}
		}
		logger.info("Line server stopped on exit; closed " + clients + " client(s) politely");
	}

	private static void write(SocketChannel client, String line) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
		while (buffer.hasRemaining()) {
			client.write(buffer);
		}
	}

	private static void closeQuietly(SocketChannel client) {
		try {
			client.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close a client", ex);
		}
	}

	/**
	 * Return the port the server listens on.
	 * @return the port, or -1 before it started
	 */
	public int port() {
		return this.port;
	}

}

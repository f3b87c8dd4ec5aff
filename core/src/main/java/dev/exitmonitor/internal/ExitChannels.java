package dev.exitmonitor.internal;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipes behind {@code ExitMonitor.exitChannel()}: each call gets its own pipe; at exit every sink
 * is closed, so every source becomes readable (a read returns end-of-stream) and stays so.
 * <p>
 * Thread-safe. States: <em>open</em> → <em>fired</em>; a pipe opened after firing has its sink closed
 * at once. Pipes whose source the caller closed are pruned when the next pipe is opened.
 *
 * @since 0.1.0
 */
public final class ExitChannels {

	private static final Logger logger = LoggerFactory.getLogger(ExitChannels.class);

	/** Guarded by {@code this}. */
	private final List<Pipe> pipes = new ArrayList<>();

	/** Guarded by {@code this}. */
	private boolean fired;

	/**
	 * Open a new non-blocking source channel that becomes readable when the exit fires.
	 * @return the source channel, owned by the caller
	 * @throws IOException if the pipe cannot be opened
	 */
	public Pipe.SourceChannel open() throws IOException {
		Pipe pipe = Pipe.open();
		pipe.source().configureBlocking(false);
		synchronized (this) {
			if (!this.fired) {
				this.pipes.removeIf(this::closeSinkIfSourceClosed);
				this.pipes.add(pipe);
				return pipe.source();
			}
		}
		pipe.sink().close();
		return pipe.source();
	}

	/**
	 * Close every sink, making every source readable.
	 */
	public void fire() {
		List<Pipe> toClose;
		synchronized (this) {
			this.fired = true;
			toClose = new ArrayList<>(this.pipes);
			this.pipes.clear();
		}
		for (Pipe pipe : toClose) {
			try {
				pipe.sink().close();
			}
			catch (IOException ex) {
				logger.warn("Could not close exit channel sink", ex);
			}
		}
	}

	private boolean closeSinkIfSourceClosed(Pipe pipe) {
		if (pipe.source().isOpen()) {
			return false;
		}
		try {
			pipe.sink().close();
		}
		catch (IOException ex) {
			logger.debug("Could not close exit channel sink", ex);
		}
		return true;
	}

}

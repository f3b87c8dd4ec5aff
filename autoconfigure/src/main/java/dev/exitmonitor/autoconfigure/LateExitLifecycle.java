package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

import dev.exitmonitor.ExitMonitor;

/**
 * {@link SmartLifecycle} of the late exit phase. It has the lowest phase, so it stops last among the
 * lifecycles and before singleton beans (such as the {@code DataSource}) are destroyed: it joins the
 * background workers within {@code exit-monitor.shutdown.timeout}, applies the straggler policy, and
 * runs {@code @LateExit} methods and late callbacks.
 * <p>
 * The join runs on its own thread and the stop callback is called when it ends, so the context's
 * {@code spring.lifecycle.timeout-per-shutdown-phase} bounds how long the context waits for it (the
 * auto-configuration warns at start-up when that timeout is the shorter one). Thread-safe: each stop queues
 * its callback and starts a joining thread, which runs one queued callback when its join ends, so overlapping
 * stops (a {@code stop()} and a {@code close()} racing) each get their callback.
 *
 * @since 0.1.0
 */
public final class LateExitLifecycle implements SmartLifecycle {

	/**
	 * Default phase: the lowest, so that this lifecycle stops after every other one.
	 */
	public static final int DEFAULT_PHASE = Integer.MIN_VALUE;

	private static final Log logger = LogFactory.getLog(LateExitLifecycle.class);

	private final ExitMonitor monitor;

	private final Duration timeout;

	private final int phase;

	private volatile boolean running;

	/** Callbacks of stops whose joining thread has not finished; each joining thread runs one when it ends. */
	private final Queue<Runnable> stopCallbacks = new ConcurrentLinkedQueue<>();

	/**
	 * The joining thread's body, made here rather than in {@link #stop(Runnable)}: a lambda made there would be
	 * spun, cold, in the middle of the shutdown.
	 */
	private final Runnable join = this::joinThenCallBack;

	LateExitLifecycle(ExitMonitor monitor, Duration timeout, int phase) {
		this.monitor = monitor;
		this.timeout = timeout;
		this.phase = phase;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Stop must not be invoked directly");
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.stopCallbacks.add(callback);
		new Thread(this.join, "exit-monitor-late-exit").start();
	}

	private void joinThenCallBack() {
		try {
			this.monitor.completeExit(this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.error("Late exit phase of exit monitor '" + this.monitor.name() + "' failed", ex);
		}
		finally {
			// Every stop added one callback and started one thread: a thread never finds the queue empty.
			Runnable callback = this.stopCallbacks.poll();
			if (callback != null) {
				callback.run();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}

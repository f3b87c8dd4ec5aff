package dev.exitmonitor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Test helper that starts threads bound to a monitor and joins them at the end of a test.
 */
final class MonitoredThreads implements AutoCloseable {

	private final ExitMonitor monitor;

	private final ThreadFactory factory;

	private final List<Thread> threads = new ArrayList<>();

	MonitoredThreads(ExitMonitor monitor, InterruptMode mode) {
		this.monitor = monitor;
		this.factory = monitor.threadFactory(Thread::new, mode);
	}

	Thread start(String name, Runnable body) {
		Thread thread = this.factory.newThread(body);
		thread.setName(name);
		thread.start();
		this.threads.add(thread);
		return thread;
	}

	@Override
	public void close() throws InterruptedException {
		this.monitor.requestExit(ExitReason.requested("test cleanup"));
		for (Thread thread : this.threads) {
			thread.join(10_000);
			if (thread.isAlive()) {
				throw new AssertionError("Thread " + thread.getName() + " did not end");
			}
		}
	}

}

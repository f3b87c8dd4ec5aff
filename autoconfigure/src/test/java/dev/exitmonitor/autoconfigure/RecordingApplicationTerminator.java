package dev.exitmonitor.autoconfigure;

import java.util.concurrent.CompletableFuture;

import dev.exitmonitor.ExitReason;

/**
 * Test {@link ExitMonitorApplicationTerminator} that records the reason instead of calling
 * {@code System.exit}, so that no test ends the test JVM.
 */
class RecordingApplicationTerminator implements ExitMonitorApplicationTerminator {

	final CompletableFuture<ExitReason> reason = new CompletableFuture<>();

	@Override
	public void terminate(ExitReason reason) {
		this.reason.complete(reason);
	}

	boolean wasCalled() {
		return this.reason.isDone();
	}

}

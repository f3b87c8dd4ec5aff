package dev.exitmonitor.demo.stubborn;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import dev.exitmonitor.spring.BackgroundWorker;

/**
 * A worker that ignores every stop request and interrupt, to show straggler reporting and the straggler
 * policy. Off by default; enable with {@code demo.stubborn.enabled=true}.
 *
 * @since 0.1.0
 */
@Component
@ConditionalOnBooleanProperty("demo.stubborn.enabled")
public class StubbornWorker {

	/**
	 * Never stop.
	 */
	@BackgroundWorker(name = "stubborn", mode = BackgroundWorker.Mode.LONG_RUNNING)
	public void ignoreStopRequests() {
		while (true) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			// Swallow interrupts on purpose: this is what a badly behaved library does.
			Thread.interrupted();
		}
	}

}

package dev.exitmonitor.benchmarks.process;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code threads} mode of {@link ShutdownApp}: {@value ShutdownApp#WORKERS} plain threads, started by the
 * application and managed by nothing, each blocked in {@link BlockingQueue#take()}. Nothing stops them: the JVM
 * ends with them still blocked once its shutdown hooks have run. The floor of an application with as many
 * blocked threads as the {@code workers} mode; it runs without the starter on the class path, so it differs
 * from that mode in the starter's start-up and exit phases, in the queue ({@code LinkedBlockingQueue}, not
 * {@code ExitAwareQueue}) and in the threads being stopped and joined there.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
class PlainThreadsConfiguration {

	@Bean
	BlockedLatch blockedLatch() {
		return new BlockedLatch(ShutdownApp.WORKERS);
	}

	@Bean
	ApplicationRunner startPlainThreads(BlockedLatch blocked) {
		BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
		return (arguments) -> {
			for (int i = 0; i < ShutdownApp.WORKERS; i++) {
				new Thread(blocked.takeUntilInterrupted(queue), "plain-" + (i + 1)).start();
			}
		};
	}

}

package dev.exitmonitor.benchmarks.process;


import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.spring.BackgroundWorker;

/**
 * The {@code workers} mode of {@link ShutdownApp}: {@value ShutdownApp#WORKERS} background worker threads of the
 * Exit Monitor starter, all blocked waiting for work that never comes.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
class WorkersConfiguration {

	@Bean
	BlockedLatch blockedLatch() {
		return new BlockedLatch(ShutdownApp.WORKERS);
	}

	@Bean
	Consumers consumers(BlockedLatch blocked) {
		return new Consumers(blocked);
	}

	/**
	 * Consumers of a queue nobody fills.
	 */
	static class Consumers {

		private final ExitAwareQueue<Object> queue = ExitAwareQueue.linked();

		private final BlockedLatch blocked;

		Consumers(BlockedLatch blocked) {
			this.blocked = blocked;
		}

		@BackgroundWorker(name = "consumer", concurrency = ShutdownApp.WORKERS)
		void consume() throws InterruptedException {
			this.blocked.aboutToBlock();
			while (true) {
				this.queue.take();
			}
		}

	}

}

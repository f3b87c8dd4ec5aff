package dev.exitmonitor.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.ThreadExit;
import dev.exitmonitor.spring.BackgroundWorker;
import dev.exitmonitor.spring.EarlyExit;
import dev.exitmonitor.spring.LateExit;

/**
 * Child JVM of {@link SigtermChildJvmTests}: a Spring Boot application without a web server whose
 * background worker is blocked in an exit-aware queue. Prints {@code READY} once the worker runs; its
 * main thread then returns, and keep-alive keeps the JVM running until it is terminated.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration(ExitMonitorAutoConfiguration.class)
public class SigtermApplication {

	static final String EARLY = ">> EARLY CONTAINER_CLOSING";

	static final String WORKER_STOPPED = ">> worker stopped";

	static final String LATE = ">> LATE CONTAINER_CLOSING";

	@Bean
	QueueConsumer queueConsumer() {
		return new QueueConsumer();
	}

	public static void main(String[] args) throws InterruptedException {
		SpringApplication application = new SpringApplication(SigtermApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		ConfigurableApplicationContext context = application.run(args);
		QueueConsumer consumer = context.getBean(QueueConsumer.class);
		if (consumer.running.await(30, TimeUnit.SECONDS) && consumer.awaitBlocked(Duration.ofSeconds(30))) {
			System.out.println("READY");
		}
	}

	static class QueueConsumer {

		final CountDownLatch running = new CountDownLatch(1);

		private volatile @Nullable Thread thread;

		/**
		 * Wait until the worker is blocked in the queue, so that nothing of the application runs after READY.
		 */
		boolean awaitBlocked(Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				Thread worker = this.thread;
				if (worker != null && worker.getState() == Thread.State.WAITING) {
					return true;
				}
				Thread.onSpinWait();
			}
			return false;
		}

		private final ExitAwareQueue<String> jobs = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());

		@BackgroundWorker(name = "consumer")
		void consume() throws InterruptedException {
			this.thread = Thread.currentThread();
			this.running.countDown();
			try {
				while (true) {
					this.jobs.take();
				}
			}
			catch (ThreadExit ex) {
				System.out.println(WORKER_STOPPED);
				throw ex;
			}
		}

		@EarlyExit
		void early(ExitReason reason) {
			System.out.println(">> EARLY " + reason.kind());
		}

		@LateExit
		void late(ExitReason reason) {
			System.out.println(">> LATE " + reason.kind());
		}

	}

}

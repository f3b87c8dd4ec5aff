package dev.exitmonitor.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitAwareQueue;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitPhase;
import dev.exitmonitor.ThreadExit;
import dev.exitmonitor.WorkerContext;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerSnapshot;
import dev.exitmonitor.WorkerState;
import dev.exitmonitor.spring.BackgroundWorker;
import dev.exitmonitor.spring.LateExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of what happens to background workers while the application context closes: they drain with
 * the application's beans still usable, they stop promptly from exit-aware waits, and they run on
 * virtual threads when Spring Boot's virtual threads are enabled.
 */
class ShutdownDrainTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExitMonitorAutoConfiguration.class))
		.withBean(ExitMonitorApplicationTerminator.class, RecordingApplicationTerminator::new);

	@Test
	void workerAndLateExitMethodStillWriteThroughTheDataSourceWhileTheContextCloses() throws SQLException {
		String url = "jdbc:h2:mem:drain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + url)
			.withUserConfiguration(DrainConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DrainingConsumer consumer = context.getBean(DrainingConsumer.class);
				consumer.jobs.put("job-1");
				Awaitility.await().atMost(WAIT).until(() -> consumer.processed.getCount() == 0);
				WorkerHandle handle = context.getBean("consumer", WorkerHandle.class);
				// Blocked in the exit-aware take again.
				Awaitility.await()
					.atMost(WAIT)
					.until(() -> handle.snapshot().threads().stream()
						.allMatch((thread) -> thread.state() == Thread.State.WAITING));
				context.close();
				assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
			});
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			assertThat(readEvents(connection)).containsExactly("processed job-1",
					"drained on consumer-1 after the stop request", "late exit");
			try (Statement statement = connection.createStatement()) {
				statement.execute("SHUTDOWN");
			}
		}
	}

	@Test
	void closingTheContextStopsWorkersBlockedInExitAwareWaitsWellBeforeTheShutdownTimeout() {
		SpringApplication application = new SpringApplication(BlockedWorkersApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off",
				"--exit-monitor.shutdown.timeout=30s", "--spring.lifecycle.timeout-per-shutdown-phase=60s");
		try {
			WorkerGroup workers = context.getBean(WorkerGroup.class);
			assertThat(workers.workers()).extracting(WorkerHandle::name)
				.containsExactlyInAnyOrder("queueTaker", "sleeper", "latchWaiter", "hourlyLoop");
			// Every worker thread is parked in its exit-aware wait.
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> workers.snapshot().stream().mapToLong((worker) -> blockedThreads(worker)).sum() == 5);
			ExitMonitor monitor = context.getBean(ExitMonitor.class);
			BlockedWorkers bean = context.getBean(BlockedWorkers.class);
			long start = System.nanoTime();
			context.close();
			Duration closing = Duration.ofNanos(System.nanoTime() - start);
			assertThat(closing).isLessThan(Duration.ofSeconds(5));
			assertThat(monitor.phase()).isEqualTo(ExitPhase.LATE_EXIT_DONE);
			assertThat(workers.snapshot()).allSatisfy((worker) -> assertThat(worker.state()).as(worker.name())
				.isEqualTo(WorkerState.STOPPED));
			assertThat(bean.exits).containsExactlyInAnyOrder("queueTaker-1",
					"queueTaker-2", "sleeper-1", "latchWaiter-1");
		}
		finally {
			context.close();
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void whenVirtualThreadsAreEnabledThenWorkersRunOnVirtualThreads() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withBean("virtualBean", VirtualThreadWorker.class, VirtualThreadWorker::new)
			.run((context) -> {
				VirtualThreadWorker bean = context.getBean(VirtualThreadWorker.class);
				Thread thread = bean.thread.get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(Thread.class.getMethod("isVirtual").invoke(thread)).isEqualTo(true);
				assertThat(thread.getName()).isEqualTo("virtual-1");
				WorkerHandle handle = context.getBean("virtual", WorkerHandle.class);
				context.close();
				assertThat(handle.state()).isEqualTo(WorkerState.STOPPED);
			});
	}

	private static long blockedThreads(WorkerSnapshot worker) {
		return worker.threads()
			.stream()
			.filter((thread) -> thread.state() == Thread.State.WAITING || thread.state() == Thread.State.TIMED_WAITING)
			.count();
	}

	private static List<String> readEvents(Connection connection) throws SQLException {
		List<String> events = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT text FROM events ORDER BY id")) {
			while (rows.next()) {
				events.add(rows.getString(1));
			}
		}
		return events;
	}

	@Configuration(proxyBeanMethods = false)
	static class DrainConfiguration {

		@Bean
		DrainingConsumer drainingConsumer(JdbcTemplate jdbc) {
			jdbc.execute("CREATE TABLE events (id IDENTITY PRIMARY KEY, text VARCHAR(200))");
			return new DrainingConsumer(jdbc);
		}

	}

	static class DrainingConsumer {

		final ExitAwareQueue<String> jobs = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());

		final CountDownLatch processed = new CountDownLatch(1);

		private final JdbcTemplate jdbc;

		DrainingConsumer(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@BackgroundWorker(name = "consumer")
		void consume() throws InterruptedException {
			try {
				while (true) {
					String job = this.jobs.take();
					insert("processed " + job);
					this.processed.countDown();
				}
			}
			catch (ThreadExit ex) {
				// Draining after the stop request: the DataSource must still be open.
				insert("drained on " + Thread.currentThread().getName()
						+ (Exit.requested() ? " after the stop request" : " without a stop request"));
				throw ex;
			}
		}

		@LateExit
		void late() {
			insert("late exit");
		}

		private void insert(String text) {
			this.jdbc.update("INSERT INTO events (text) VALUES (?)", text);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ExitMonitorAutoConfiguration.class)
	static class BlockedWorkersApplication {

		@Bean
		RecordingApplicationTerminator recordingApplicationTerminator() {
			return new RecordingApplicationTerminator();
		}

		@Bean
		BlockedWorkers blockedWorkers() {
			return new BlockedWorkers();
		}

	}

	static class BlockedWorkers {

		final ExitAwareQueue<String> queue = ExitAwareQueue.wrap(new LinkedBlockingQueue<>());

		final List<String> exits = new CopyOnWriteArrayList<>();

		@BackgroundWorker(name = "queueTaker", concurrency = 2)
		void takeFromQueue(WorkerContext context) throws InterruptedException {
			try {
				this.queue.take();
			}
			finally {
				this.exits.add(Thread.currentThread().getName());
			}
		}

		@BackgroundWorker(name = "sleeper")
		void sleep() throws InterruptedException {
			try {
				Exit.sleep(Duration.ofHours(1));
			}
			finally {
				this.exits.add(Thread.currentThread().getName());
			}
		}

		@BackgroundWorker(name = "latchWaiter")
		void awaitLatch() throws InterruptedException {
			try {
				Exit.await(new CountDownLatch(1));
			}
			finally {
				this.exits.add(Thread.currentThread().getName());
			}
		}

		// The runtime's exit-aware sleep between iterations.
		@BackgroundWorker(name = "hourlyLoop", delay = "1h")
		void hourly() {
		}

	}

	static class VirtualThreadWorker {

		final CompletableFuture<Thread> thread = new CompletableFuture<>();

		@BackgroundWorker(name = "virtual")
		void run() throws InterruptedException {
			this.thread.complete(Thread.currentThread());
			Exit.sleep(Duration.ofHours(1));
		}

	}

}

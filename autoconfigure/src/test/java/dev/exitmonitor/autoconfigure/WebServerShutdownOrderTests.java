package dev.exitmonitor.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.WorkerState;
import dev.exitmonitor.spring.BackgroundWorker;
import dev.exitmonitor.spring.EarlyExit;
import dev.exitmonitor.spring.LateExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the exit phases around a real servlet web server (Tomcat, graceful shutdown): the early
 * phase runs while the server still serves, the late phase after it stopped.
 */
class WebServerShutdownOrderTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void earlyExitRunsWhileTheWebServerStillServesAndLateExitAfterItStopped() {
		ConfigurableApplicationContext context = run(WebApplication.class);
		ExitProbes probes = context.getBean(ExitProbes.class);
		assertThat(get(port(context))).isEqualTo("200 pong");
		context.close();
		assertThat(probes.early).isCompletedWithValue("200 pong");
		assertThat(probes.late.join()).startsWith("failed: java.net.ConnectException");
	}

	@Test
	void keepAliveDefaultsToFalseWithAWebServerSoAFinishedWorkerDoesNotEndTheApplication() {
		ConfigurableApplicationContext context = run(FiniteWorkerWebApplication.class);
		try {
			WorkerHandle handle = context.getBean("finite", WorkerHandle.class);
			Awaitility.await().atMost(WAIT).until(() -> handle.state() == WorkerState.STOPPED);
			ExitMonitor monitor = context.getBean(ExitMonitor.class);
			RecordingApplicationTerminator terminator = context.getBean(RecordingApplicationTerminator.class);
			// Keep-alive would begin the exit as soon as the worker became idle.
			Awaitility.await()
				.during(Duration.ofSeconds(1))
				.atMost(WAIT)
				.until(() -> !monitor.isExitRequested() && !terminator.wasCalled());
			assertThat(get(port(context))).isEqualTo("200 pong");
		}
		finally {
			context.close();
		}
	}

	@Test
	void keepAliveWithAWebServerClosesTheApplicationWhenTheWorkerFinishesWithoutAThreadOfItsOwn() throws Exception {
		ConfigurableApplicationContext context = run(FiniteWorkerWebApplication.class, "--exit-monitor.keep-alive=true");
		try {
			RecordingApplicationTerminator terminator = context.getBean(RecordingApplicationTerminator.class);
			assertThat(terminator.reason.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
				.isEqualTo(ExitReason.requested("every background worker finished"));
			// The web server's non-daemon threads keep the JVM running.
			assertThat(context.getBean(ApplicationExitCoordinator.class).keepAliveThread()).isNull();
		}
		finally {
			context.close();
		}
	}

	private static ConfigurableApplicationContext run(Class<?> source, String... args) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setRegisterShutdownHook(false);
		List<String> allArgs = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--server.port=0",
				"--server.shutdown=graceful", "--spring.lifecycle.timeout-per-shutdown-phase=60s"));
		allArgs.addAll(List.of(args));
		return application.run(allArgs.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * GET {@code /ping} on a new connection (a new client has no pooled connection).
	 */
	static String get(int port) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ping"))
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			return response.statusCode() + " " + response.body();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "failed: interrupted";
		}
		catch (Exception ex) {
			return "failed: " + ex;
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ExitMonitorAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
			HttpMessageConvertersAutoConfiguration.class })
	@Import(PingController.class)
	static class WebApplication {

		@Bean
		RecordingApplicationTerminator recordingApplicationTerminator() {
			return new RecordingApplicationTerminator();
		}

		@Bean
		ExitProbes exitProbes(Environment environment) {
			return new ExitProbes(environment);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ExitMonitorAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
			HttpMessageConvertersAutoConfiguration.class })
	@Import(PingController.class)
	static class FiniteWorkerWebApplication {

		@Bean
		RecordingApplicationTerminator recordingApplicationTerminator() {
			return new RecordingApplicationTerminator();
		}

		@Bean
		FiniteWorker finiteWorker() {
			return new FiniteWorker();
		}

	}

	@RestController
	static class PingController {

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

	}

	static class ExitProbes {

		final CompletableFuture<String> early = new CompletableFuture<>();

		final CompletableFuture<String> late = new CompletableFuture<>();

		private final Environment environment;

		ExitProbes(Environment environment) {
			this.environment = environment;
		}

		@EarlyExit
		void early() {
			this.early.complete(get(port()));
		}

		@LateExit
		void late() {
			this.late.complete(get(port()));
		}

		private int port() {
			return this.environment.getRequiredProperty("local.server.port", Integer.class);
		}

	}

	static class FiniteWorker {

		@BackgroundWorker(name = "finite")
		void once() {
		}

	}

}

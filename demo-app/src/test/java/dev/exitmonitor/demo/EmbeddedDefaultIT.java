package dev.exitmonitor.demo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.exitmonitor.demo.DemoProcess.Exit;

import static dev.exitmonitor.demo.ProcessTests.SIGTERM_EXIT_CODE;
import static dev.exitmonitor.demo.ProcessTests.assertExitPhasesInOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process-level test of the embedded default, the way a new user runs the demo: the packaged jar
 * ({@code java -jar}) with no profile and no database, in a fresh working directory (H2 under
 * {@code ./data}). It takes jobs over HTTP, rejects a bad one with field errors, processes them,
 * answers on the line server and shuts down cleanly on SIGTERM.
 */
class EmbeddedDefaultIT {

	private static final int JOBS = 20;

	/** {@code exit-monitor.shutdown.timeout} of the default configuration. */
	private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	@Test
	void packagedJarRunsOnTheEmbeddedDatabaseAndShutsDownCleanly() throws Exception {
		try (DemoProcess app = DemoProcess
			.start("embedded default", DemoLauncher.packagedJar(), ProcessTests.scratchDirectory("embedded-default"),
					List.of())
			.awaitStarted()) {
			System.out.printf("Embedded default: packaged jar started in %d ms%n", app.startUp().toMillis());
			assertThat(app.log()).contains("No active profile set").contains("jdbc:h2:file:./data/exit-monitor-demo");
			URI jobs = URI.create("http://localhost:" + app.httpPort() + "/jobs");
			for (int i = 1; i <= JOBS; i++) {
				HttpResponse<String> created = post(jobs, "{\"payload\":\"order-" + i + "\"}");
				assertThat(created.statusCode()).as("POST /jobs: %s", created.body()).isEqualTo(201);
				assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
						(location) -> assertThat(location).matches("/jobs/\\d+"));
			}
			HttpResponse<String> blank = post(jobs, "{\"payload\":\" \"}");
			assertThat(blank.statusCode()).as("POST /jobs with a blank payload: %s", blank.body()).isEqualTo(400);
			assertThat(JsonPath.<Map<String, String>>read(blank.body(), "$.errors")).containsOnlyKeys("payload");
			HttpResponse<String> missing = post(jobs, "{}");
			assertThat(missing.statusCode()).as("POST /jobs without a payload: %s", missing.body()).isEqualTo(400);
			assertThat(JsonPath.<Map<String, String>>read(missing.body(), "$.errors")).containsOnlyKeys("payload");
			URI stats = URI.create(jobs + "/stats");
			Awaitility.await("all jobs processed")
				.atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(() -> {
					String body = get(stats);
					assertThat(JsonPath.<Integer>read(body, "$.done")).as(body).isEqualTo(JOBS);
					assertThat(JsonPath.<Integer>read(body, "$.pending")).as(body).isZero();
					assertThat(JsonPath.<Integer>read(body, "$.results")).as(body).isEqualTo(JOBS);
				});
			try (Socket socket = new Socket("localhost", app.lineServerPort())) {
				socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
				BufferedReader in = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
				PrintWriter out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8),
						true);
				assertThat(in.readLine()).isEqualTo("HELLO exit-monitor-demo");
				out.print("PING\n");
				out.flush();
				assertThat(in.readLine()).isEqualTo("PONG");
				// The client stays connected: on exit the server says goodbye and closes the connection.
				Exit exit = app.stop();
				System.out.printf("Embedded default: exit code %d %d ms after SIGTERM%n", exit.code(),
						exit.took().toMillis());
				assertThat(in.readLine()).isEqualTo("BYE server is shutting down");
				assertThat(in.readLine()).as("end of stream").isNull();
				assertThat(exit.code()).as("exit code (log %s)", app.logFile()).isEqualTo(SIGTERM_EXIT_CODE);
				assertThat(exit.took()).as("time from SIGTERM to exit (log %s)", app.logFile())
					.isLessThanOrEqualTo(DEFAULT_SHUTDOWN_TIMEOUT.plusSeconds(1));
			}
			assertExitPhasesInOrder(app);
			assertThat(app.log()).contains("Line server stopped on exit; closed 1 client(s) politely")
				.contains("LATE EXIT PHASE: processed " + JOBS + " job(s) in this run");
		}
	}

	private HttpResponse<String> post(URI uri, String json) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private String get(URI uri) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
		return response.body();
	}

}

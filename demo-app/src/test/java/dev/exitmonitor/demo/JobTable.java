package dev.exitmonitor.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;

import dev.exitmonitor.demo.PostgresServer.Database;

/**
 * The demo's job tables seen from the test, through one plain JDBC connection. The schema comes from the
 * application's own Flyway migrations (the locations of its {@code spring.flyway.locations} for
 * PostgreSQL) and history table, so the application's Flyway finds the database up to date when it
 * starts, and no run of the application is spent on creating the schema.
 */
final class JobTable implements AutoCloseable {

	private final Connection connection;

	private JobTable(Connection connection) {
		this.connection = connection;
	}

	/**
	 * Migrate the database with the application's migrations.
	 * @param database the (empty) database
	 * @return the table
	 * @throws SQLException if the database cannot be reached
	 */
	static JobTable migrate(Database database) throws SQLException {
		Flyway.configure()
			.dataSource(database.url(), database.username(), database.password())
			.locations("classpath:db/migration", "classpath:db/vendor/postgresql")
			.load()
			.migrate();
		return new JobTable(database.connect());
	}

	/**
	 * Insert jobs in batches.
	 * @param count how many
	 * @throws SQLException on a database error
	 */
	void enqueue(int count) throws SQLException {
		Connection connection = this.connection;
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (payload) VALUES (?)")) {
			connection.setAutoCommit(false);
			for (int i = 1; i <= count; i++) {
				insert.setString(1, "order-" + i);
				insert.addBatch();
				if (i % 1000 == 0 || i == count) {
					insert.executeBatch();
				}
			}
			connection.commit();
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				// What autovacuum would do within a minute: without statistics the planner sorts every
				// pending job on each claim instead of walking the claim index.
				statement.execute("ANALYZE jobs");
			}
		}
	}

	private long count(String sql, Object... parameters) throws SQLException {
		try (PreparedStatement query = this.connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				query.setObject(i + 1, parameters[i]);
			}
			try (ResultSet result = query.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	long jobs() throws SQLException {
		return count("SELECT COUNT(*) FROM jobs");
	}

	long pending() throws SQLException {
		return count("SELECT COUNT(*) FROM jobs WHERE status = 'PENDING'");
	}

	long done() throws SQLException {
		return count("SELECT COUNT(*) FROM jobs WHERE status = 'DONE'");
	}

	long results() throws SQLException {
		return count("SELECT COUNT(*) FROM job_results");
	}

	/**
	 * Jobs without a result row.
	 * @return the count
	 * @throws SQLException on a database error
	 */
	long lost() throws SQLException {
		return count("SELECT COUNT(*) FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM job_results r WHERE r.job_id = j.id)");
	}

	/**
	 * Result rows beyond the first of a job (impossible with the primary key, counted anyway).
	 * @return the count
	 * @throws SQLException on a database error
	 */
	long duplicatedResults() throws SQLException {
		return count("SELECT COUNT(*) - COUNT(DISTINCT job_id) FROM job_results");
	}

	/**
	 * Jobs marked done whose result row is missing, or the other way round.
	 * @return the count
	 * @throws SQLException on a database error
	 */
	long inconsistent() throws SQLException {
		return count("SELECT COUNT(*) FROM jobs j WHERE (j.status = 'DONE') <> EXISTS "
				+ "(SELECT 1 FROM job_results r WHERE r.job_id = j.id)");
	}

	/**
	 * Jobs claimed more than once.
	 * @return the count
	 * @throws SQLException on a database error
	 */
	long claimedMoreThanOnce() throws SQLException {
		return count("SELECT COUNT(*) FROM jobs WHERE attempts > 1");
	}

	/**
	 * Claims beyond the first, over all jobs.
	 * @return the count
	 * @throws SQLException on a database error
	 */
	long extraClaims() throws SQLException {
		return count("SELECT COALESCE(SUM(attempts - 1), 0) FROM jobs WHERE attempts > 1");
	}

	/**
	 * Jobs not done and still leased by the given process: claimed, and neither finished nor released.
	 * @param owner the process's instance id
	 * @return the count
	 * @throws SQLException on a database error
	 */
	long leasedBy(String owner) throws SQLException {
		return count("SELECT COUNT(*) FROM jobs WHERE status = 'PENDING' AND lease_owner = ?", owner);
	}

	/**
	 * Jobs whose result was recorded by the given process.
	 * @param owner the process's instance id
	 * @return the count
	 * @throws SQLException on a database error
	 */
	long processedBy(String owner) throws SQLException {
		return count("SELECT COUNT(*) FROM job_results WHERE processed_by = ?", owner);
	}

	/**
	 * Jobs whose result the given process recorded at or after the given time.
	 * @param owner the process's instance id
	 * @param time the time
	 * @return the count
	 * @throws SQLException on a database error
	 */
	long processedBy(String owner, Instant time) throws SQLException {
		// The application writes Timestamp.from(Instant) in the same (default) time zone as this JVM.
		return count("SELECT COUNT(*) FROM job_results WHERE processed_by = ? AND processed_at >= ?", owner,
				Timestamp.from(time));
	}

	/**
	 * Wait until the server has no connection of the given application left. After a SIGKILL the server
	 * may still be running a statement the process sent (a commit among them); once the connections are
	 * gone, what the process did is final.
	 * @param applicationName the application name of the connections
	 */
	void awaitNoConnectionsOf(String applicationName) {
		Awaitility.await("PostgreSQL connections of " + applicationName + " to end")
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> count("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?",
					applicationName) == 0);
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

}

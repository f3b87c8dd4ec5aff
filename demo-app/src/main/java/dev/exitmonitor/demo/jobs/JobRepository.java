package dev.exitmonitor.demo.jobs;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job queue table: enqueue, claim with a lease ({@code SELECT … FOR UPDATE SKIP LOCKED}), complete
 * (result row and status in one transaction), release. Works on PostgreSQL and on H2 in PostgreSQL mode.
 *
 * @since 0.1.0
 */
@Repository
public class JobRepository {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	JobRepository(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Add a job.
	 * @param payload the payload
	 * @return the job id
	 */
	public long enqueue(String payload) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (payload) VALUES (?)",
					new String[] { "id" });
			insert.setString(1, payload);
			return insert;
		}, keys);
		return keys.getKeyAs(Long.class);
	}

	/**
	 * Claim the oldest claimable job: pending and not leased (or its lease expired).
	 * @param owner the claiming process
	 * @param lease how long the claim lasts
	 * @return the claimed job, or empty if there is none
	 */
	public Optional<ClaimedJob> claim(String owner, Duration lease) {
		return this.transactions.execute((status) -> {
			Instant now = Instant.now();
			List<ClaimedJob> candidates = this.jdbc.query(
					"SELECT id, payload, attempts FROM jobs WHERE status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?) "
							+ "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
					(row, index) -> new ClaimedJob(row.getLong(1), row.getString(2), row.getInt(3) + 1),
					Timestamp.from(now));
			if (candidates.isEmpty()) {
				return Optional.empty();
			}
			ClaimedJob job = candidates.get(0);
			this.jdbc.update("UPDATE jobs SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?",
					owner, Timestamp.from(now.plus(lease)), job.id());
			return Optional.of(job);
		});
	}

	/**
	 * Record the result and mark the job done, in one transaction.
	 * @param job the claimed job
	 * @param result the result
	 * @param owner the processing process
	 */
	public void complete(ClaimedJob job, String result, String owner) {
		this.transactions.executeWithoutResult((status) -> {
			Timestamp now = Timestamp.from(Instant.now());
			this.jdbc.update("INSERT INTO job_results (job_id, result, processed_by, processed_at) VALUES (?, ?, ?, ?)",
					job.id(), result, owner, now);
			this.jdbc.update(
					"UPDATE jobs SET status = 'DONE', done_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
					now, job.id());
		});
	}

	/**
	 * Give a claimed job back, so that it is claimed again at once.
	 * @param job the job
	 */
	public void release(ClaimedJob job) {
		this.jdbc.update("UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = ?", job.id());
	}

	/**
	 * Count the table.
	 * @return the counts
	 */
	public JobStats stats() {
		return this.jdbc.queryForObject("SELECT "
				+ "(SELECT COUNT(*) FROM jobs WHERE status = 'PENDING'), (SELECT COUNT(*) FROM jobs WHERE status = 'DONE'), "
				+ "(SELECT COUNT(*) FROM job_results), (SELECT COUNT(*) FROM jobs WHERE attempts > 1)",
				(row, index) -> new JobStats(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)));
	}

}

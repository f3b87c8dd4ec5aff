package dev.exitmonitor.demo.report;

import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

import dev.exitmonitor.Exit;
import dev.exitmonitor.demo.jobs.JobRepository;
import dev.exitmonitor.demo.jobs.JobStats;

/**
 * A batch report run with {@code @Async} on the exit-aware application task executor: it checks
 * {@link Exit#requested()} between pages and stops early, reporting what it has, when the application
 * exits.
 *
 * @since 0.1.0
 */
@Service
public class ReportService {

	private static final Log logger = LogFactory.getLog(ReportService.class);

	private static final int PAGES = 10;

	private final JobRepository repository;

	ReportService(JobRepository repository) {
		this.repository = repository;
	}

	/**
	 * Build the report in the background.
	 * @return the report text
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	@Async
	public CompletableFuture<String> generate() throws InterruptedException {
		JobStats stats = null;
		int pages = 0;
		for (; pages < PAGES; pages++) {
			if (Exit.requested()) {
				logger.info("Report stopped early on exit after " + pages + " page(s)");
				break;
			}
			stats = this.repository.stats();
			Exit.sleep(java.time.Duration.ofMillis(100));
		}
		String report = "report of " + pages + " page(s): " + stats;
		logger.info(report);
		return CompletableFuture.completedFuture(report);
	}

}

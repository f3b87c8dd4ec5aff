package dev.exitmonitor.demo.jobs;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import dev.exitmonitor.CriticalSection;
import dev.exitmonitor.Exit;
import dev.exitmonitor.demo.DemoProperties;
import dev.exitmonitor.spring.BackgroundWorker;

/**
 * Four threads claiming jobs from the table and processing them. Claim, processing and completion of a
 * job happen inside a critical section: a job claimed when the exit begins is finished; a job not yet
 * claimed stays in the table for the next run.
 *
 * @since 0.1.0
 */
@Component
public class JobConsumer {

	private final JobRepository repository;

	private final DemoProperties properties;

	private final AtomicLong processed = new AtomicLong();

	JobConsumer(JobRepository repository, DemoProperties properties) {
		this.repository = repository;
		this.properties = properties;
	}

	/**
	 * One iteration: claim and process one job, or wait (exit-aware) when the queue is empty.
	 * @throws InterruptedException if interrupted by something other than a stop request
	 */
	@BackgroundWorker(name = "job-consumer", concurrency = 4, mode = BackgroundWorker.Mode.LOOP)
	public void consumeOne() throws InterruptedException {
		boolean claimed;
		try (CriticalSection section = Exit.critical()) {
			Optional<ClaimedJob> job = this.repository.claim(this.properties.getInstanceId(),
					this.properties.getJobs().getLease());
			claimed = job.isPresent();
			if (claimed) {
				process(job.get());
			}
		}
		if (!claimed) {
			Exit.sleep(this.properties.getJobs().getPollInterval());
		}
	}

	private void process(ClaimedJob job) throws InterruptedException {
		try {
			simulateWork();
			this.repository.complete(job, "fulfilled " + job.payload(), this.properties.getInstanceId());
			this.processed.incrementAndGet();
		}
		catch (RuntimeException | InterruptedException ex) {
			this.repository.release(job);
			throw ex;
		}
	}

	private void simulateWork() throws InterruptedException {
		long min = this.properties.getJobs().getWorkMin().toNanos();
		long max = Math.max(min, this.properties.getJobs().getWorkMax().toNanos());
		long nanos = (max > min) ? ThreadLocalRandom.current().nextLong(min, max + 1) : min;
		// Inside the critical section: a plain sleep, never cut short by the exit.
		TimeUnit.NANOSECONDS.sleep(nanos);
	}

	/**
	 * Return how many jobs this process has completed.
	 * @return the count
	 */
	public long processed() {
		return this.processed.get();
	}

}

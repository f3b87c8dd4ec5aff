package dev.exitmonitor.demo.jobs;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import dev.exitmonitor.spring.BackgroundWorker;

/**
 * Enqueues a synthetic order every 100 ms. Off by default; enable with
 * {@code exit-monitor.workers[job-producer].enabled=true} (and tune
 * {@code exit-monitor.workers[job-producer].delay}).
 *
 * @since 0.1.0
 */
@Component
public class SyntheticProducer {

	private final JobRepository repository;

	private final AtomicLong sequence = new AtomicLong();

	SyntheticProducer(JobRepository repository) {
		this.repository = repository;
	}

	/**
	 * Enqueue one synthetic job.
	 */
	@BackgroundWorker(name = "job-producer", delay = "100ms")
	public void produce() {
		this.repository.enqueue("synthetic-order-" + this.sequence.incrementAndGet());
	}

}

package dev.exitmonitor.actuate.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.util.Assert;

import dev.exitmonitor.ThreadExit;
import dev.exitmonitor.Worker;
import dev.exitmonitor.WorkerContext;
import dev.exitmonitor.WorkerDefinition;

/**
 * {@link Worker} that runs each call of another worker in an {@link Observation} named
 * {@value #OBSERVATION_NAME}, with the low-cardinality key {@code worker}: with Spring Boot's
 * observation support this yields a timer of loop iterations and, when tracing is present, one span
 * per iteration in which the body's own observations (HTTP clients, JDBC, ...) nest.
 * <pre class="code">
 * workers.add(WorkerDefinition.loop("poller", ObservedWorker.of(this::poll, observationRegistry))
 *     .delay(Duration.ofMillis(500))
 *     .build());
 * </pre>
 * A {@link ThreadExit} ends the observation without an error: it is a clean stop. Any other throwable is
 * recorded as the observation's error and rethrown to the worker's failure policy.
 *
 * @since 0.1.0
 */
public final class ObservedWorker implements Worker {

	/**
	 * Name of the observation of one call of the worker's body (one iteration of a loop worker).
	 */
	public static final String OBSERVATION_NAME = "exitmonitor.worker.iteration";

	private final Worker delegate;

	private final ObservationRegistry registry;

	private ObservedWorker(Worker delegate, ObservationRegistry registry) {
		this.delegate = delegate;
		this.registry = registry;
	}

	/**
	 * Return a worker that observes every call of the given one.
	 * @param delegate the body to observe, for example of {@link WorkerDefinition#loop(String, Worker)}
	 * @param registry the observation registry
	 * @return the observed worker
	 */
	public static ObservedWorker of(Worker delegate, ObservationRegistry registry) {
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(registry, "'registry' must not be null");
		return new ObservedWorker(delegate, registry);
	}

	@Override
	public void run(WorkerContext context) throws Exception {
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.registry)
			.contextualName(context.workerName() + " iteration")
			.lowCardinalityKeyValue("worker", context.workerName())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			this.delegate.run(context);
		}
		catch (ThreadExit ex) {
			throw ex;
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

}

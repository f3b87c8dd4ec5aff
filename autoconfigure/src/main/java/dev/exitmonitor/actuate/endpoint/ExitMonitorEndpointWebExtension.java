package dev.exitmonitor.actuate.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.Assert;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link ExitMonitorEndpoint}: answers an
 * unknown worker with {@code 404}, an unknown action with {@code 400} listing the valid ones, and an
 * action the worker cannot do in its state with {@code 409}, each with a message.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = ExitMonitorEndpoint.class)
public class ExitMonitorEndpointWebExtension {

	private static final int STATUS_CONFLICT = 409;

	private final ExitMonitorEndpoint delegate;

	/**
	 * Create a web extension.
	 * @param delegate the endpoint
	 */
	public ExitMonitorEndpointWebExtension(ExitMonitorEndpoint delegate) {
		Assert.notNull(delegate, "'delegate' must not be null");
		this.delegate = delegate;
	}

	/**
	 * Describe one worker.
	 * @param worker the worker's name
	 * @return the description, or {@code 404} with a message
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> worker(@Selector String worker) {
		WorkerDescriptor descriptor = this.delegate.worker(worker);
		return (descriptor != null) ? new WebEndpointResponse<>(descriptor) : noSuchWorker(worker);
	}

	/**
	 * Apply a {@link WorkerAction} to one worker.
	 * @param worker the worker's name
	 * @param action the action's name
	 * @return the worker's description after the action, or {@code 400}, {@code 404} or {@code 409}
	 * with a message
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> controlWorker(@Selector String worker, String action) {
		try {
			WorkerDescriptor descriptor = this.delegate.controlWorker(worker, action);
			return (descriptor != null) ? new WebEndpointResponse<>(descriptor) : noSuchWorker(worker);
		}
		catch (InvalidEndpointRequestException ex) {
			return new WebEndpointResponse<>(new MessageDescriptor(ex.getMessage(), WorkerAction.ids()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (IllegalStateException ex) {
			return new WebEndpointResponse<>(new MessageDescriptor(ex.getMessage(), null), STATUS_CONFLICT);
		}
	}

	private WebEndpointResponse<OperationResponseBody> noSuchWorker(String worker) {
		String message = "No worker named '" + worker + "'. Known workers: " + this.delegate.workerNames();
		return new WebEndpointResponse<>(new MessageDescriptor(message, null), WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/**
	 * Body of a refused request: what went wrong and, for an unknown action, the valid ones.
	 */
	public static final class MessageDescriptor implements OperationResponseBody {

		private final @Nullable String message;

		private final @Nullable List<String> validActions;

		private MessageDescriptor(@Nullable String message, @Nullable List<String> validActions) {
			this.message = message;
			this.validActions = validActions;
		}

		public @Nullable String getMessage() {
			return this.message;
		}

		public @Nullable List<String> getValidActions() {
			return this.validActions;
		}

	}

}

package dev.exitmonitor.demo.jobs;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP API of the job queue: {@code POST /jobs} enqueues (validated), {@code GET /jobs/stats} counts.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/jobs")
public class JobController {

	private final JobRepository repository;

	JobController(JobRepository repository) {
		this.repository = repository;
	}

	/**
	 * Enqueue a job.
	 * @param request the job
	 * @return 201 with the job id
	 */
	@PostMapping
	public ResponseEntity<Map<String, Object>> enqueue(@Valid @RequestBody NewJob request) {
		long id = this.repository.enqueue(request.payload());
		return ResponseEntity.created(URI.create("/jobs/" + id)).body(Map.of("id", id, "payload", request.payload()));
	}

	/**
	 * Count the jobs.
	 * @return the counts
	 */
	@GetMapping("/stats")
	public JobStats stats() {
		return this.repository.stats();
	}

	/**
	 * Report field errors of an invalid request as 400.
	 * @param ex the validation failure
	 * @return the errors by field
	 */
	@ExceptionHandler(MethodArgumentNotValidException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	public Map<String, Object> invalid(MethodArgumentNotValidException ex) {
		Map<String, String> errors = new LinkedHashMap<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.put(error.getField(), error.getDefaultMessage());
		}
		return Map.of("status", 400, "errors", errors);
	}

	/**
	 * Body of {@code POST /jobs}.
	 *
	 * @param payload what the job is about, for example an order number
	 */
	public record NewJob(@NotBlank @Size(max = 200) String payload) {
	}

}

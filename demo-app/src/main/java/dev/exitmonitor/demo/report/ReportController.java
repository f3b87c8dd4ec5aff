package dev.exitmonitor.demo.report;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /reports} starts a background report.
 *
 * @since 0.1.0
 */
@RestController
public class ReportController {

	private final ReportService reports;

	ReportController(ReportService reports) {
		this.reports = reports;
	}

	/**
	 * Start a report.
	 * @return 202
	 * @throws InterruptedException never in practice (the work runs asynchronously)
	 */
	@PostMapping("/reports")
	public ResponseEntity<Map<String, String>> start() throws InterruptedException {
		this.reports.generate();
		return ResponseEntity.accepted().body(Map.of("status", "report started; see the log"));
	}

}

package dev.exitmonitor.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Order fulfilment demo of Exit Monitor: a job-queue consumer on a database table, a producer (HTTP
 * and synthetic), an NIO line server, an {@code @Async} report and an optional stubborn worker.
 *
 * @since 0.1.0
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableAsync
public class DemoApplication {

	/**
	 * Run the demo.
	 * @param args command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}

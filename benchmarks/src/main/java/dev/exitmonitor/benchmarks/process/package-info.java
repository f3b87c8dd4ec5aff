/**
 * Process-level measurements: SIGTERM to process exit and context start-up of a small Spring Boot application.
 */
@NullMarked
package dev.exitmonitor.benchmarks.process;

import org.jspecify.annotations.NullMarked;

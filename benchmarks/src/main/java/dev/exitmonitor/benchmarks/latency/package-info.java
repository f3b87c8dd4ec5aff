/**
 * Shutdown-latency harness: time from "exit begins" to "every worker stopped" against Spring, Guava and the
 * cost of unparking the threads.
 */
@NullMarked
package dev.exitmonitor.benchmarks.latency;

import org.jspecify.annotations.NullMarked;

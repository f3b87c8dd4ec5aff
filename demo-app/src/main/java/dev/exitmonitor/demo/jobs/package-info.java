/**
 * Demo: the job queue on a database table (consumer, producers, HTTP API).
 */
@NullMarked
package dev.exitmonitor.demo.jobs;

import org.jspecify.annotations.NullMarked;

package dev.exitmonitor.demo.jobs;

/**
 * Counts of the job table.
 *
 * @param pending jobs not processed yet
 * @param done jobs processed
 * @param results rows in the result table (equals {@code done} when nothing was processed twice)
 * @param reclaimed jobs that were claimed more than once (a process died holding them)
 * @since 0.1.0
 */
public record JobStats(long pending, long done, long results, long reclaimed) {

}

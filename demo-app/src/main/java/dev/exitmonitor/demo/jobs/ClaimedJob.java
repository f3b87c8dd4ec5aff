package dev.exitmonitor.demo.jobs;

/**
 * A job this process has claimed (leased) and must finish or release.
 *
 * @param id the job id
 * @param payload the job's payload
 * @param attempts how many times the job was claimed, this claim included
 * @since 0.1.0
 */
public record ClaimedJob(long id, String payload, int attempts) {

}

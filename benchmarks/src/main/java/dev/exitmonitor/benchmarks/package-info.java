/**
 * Benchmarks of Exit Monitor against its peers: shared statistics and report helpers.
 */
@NullMarked
package dev.exitmonitor.benchmarks;

import org.jspecify.annotations.NullMarked;

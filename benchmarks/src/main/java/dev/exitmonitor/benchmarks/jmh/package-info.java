/**
 * JMH benchmarks: checkpoint cost, critical sections, exit-aware queue and executor against their JDK peers.
 */
@NullMarked
package dev.exitmonitor.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;

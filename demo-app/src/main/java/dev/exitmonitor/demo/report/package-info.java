/**
 * Demo: a batch report run on the exit-aware application task executor.
 */
@NullMarked
package dev.exitmonitor.demo.report;

import org.jspecify.annotations.NullMarked;

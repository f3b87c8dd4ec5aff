/**
 * Demo: a worker that ignores stop requests, to show straggler reporting.
 */
@NullMarked
package dev.exitmonitor.demo.stubborn;

import org.jspecify.annotations.NullMarked;

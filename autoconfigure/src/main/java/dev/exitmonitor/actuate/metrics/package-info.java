/**
 * Micrometer support for Exit Monitor: worker and shutdown meters, and observed worker iterations.
 */
@NullMarked
package dev.exitmonitor.actuate.metrics;

import org.jspecify.annotations.NullMarked;

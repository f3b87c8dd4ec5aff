/**
 * Health indicator for Exit Monitor: the {@code exitMonitor} health contributor.
 */
@NullMarked
package dev.exitmonitor.actuate.health;

import org.jspecify.annotations.NullMarked;

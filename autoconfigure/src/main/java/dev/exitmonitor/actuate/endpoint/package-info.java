/**
 * Actuator endpoint for Exit Monitor: the {@code exitmonitor} endpoint and its web extension.
 */
@NullMarked
package dev.exitmonitor.actuate.endpoint;

import org.jspecify.annotations.NullMarked;

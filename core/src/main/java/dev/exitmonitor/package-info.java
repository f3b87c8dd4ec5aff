/**
 * Exit Monitor core: the exit monitor, cooperative per-thread interruption, critical and
 * interruptible regions, exit-aware waits and exit phases for plain Java (no Spring).
 */
@NullMarked
package dev.exitmonitor;

import org.jspecify.annotations.NullMarked;

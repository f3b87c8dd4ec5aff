/**
 * Implementation of the exit monitor core; not API, may change without notice.
 */
@NullMarked
package dev.exitmonitor.internal;

import org.jspecify.annotations.NullMarked;

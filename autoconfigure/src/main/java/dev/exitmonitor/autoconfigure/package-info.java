/**
 * Auto-configuration for Exit Monitor: per-context exit monitor, early and late exit lifecycles,
 * {@code @BackgroundWorker} processing, exit-aware task executor, properties and failure analyzers.
 */
@NullMarked
package dev.exitmonitor.autoconfigure;

import org.jspecify.annotations.NullMarked;

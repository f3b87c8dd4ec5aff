/**
 * Annotations and events that Spring applications use with Exit Monitor: {@code @BackgroundWorker},
 * {@code @EarlyExit}, {@code @LateExit} and {@code ExitRequestedEvent}.
 */
@NullMarked
package dev.exitmonitor.spring;

import org.jspecify.annotations.NullMarked;

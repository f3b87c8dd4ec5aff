package dev.exitmonitor.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method to run in the late exit phase: after background workers were joined (or the
 * straggler policy was applied), before singleton beans such as the {@code DataSource} are destroyed.
 * The method takes no parameters or one {@link dev.exitmonitor.ExitReason}; it must not be static or
 * private. A value it returns is ignored, so it must not return a {@code CompletionStage} or {@code Future}
 * (start-up fails): finish the work before returning.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LateExit {

}

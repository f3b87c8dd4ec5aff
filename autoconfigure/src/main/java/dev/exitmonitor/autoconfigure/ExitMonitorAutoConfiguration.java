package dev.exitmonitor.autoconfigure;

import java.util.concurrent.ThreadFactory;

import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.util.ClassUtils;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.spring.ExitRequestedEvent;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for Exit
 * Monitor: an {@link ExitMonitor} and a {@link WorkerGroup} per application context, the early and
 * late exit lifecycles, {@code @BackgroundWorker} / {@code @EarlyExit} / {@code @LateExit} processing,
 * keep-alive and the exit code.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "exit-monitor.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ExitMonitorProperties.class)
@Import(ExitAwareTaskExecutorConfiguration.class)
public final class ExitMonitorAutoConfiguration {

	private static final String WEB_SERVER_CONTEXT = "org.springframework.boot.web.server.context.WebServerApplicationContext";

	private static final String SPRING_KEEP_ALIVE_PROPERTY = "spring.main.keep-alive";

	/** The listener that {@code SpringApplication} adds to the context when its keep-alive is on. */
	private static final String SPRING_KEEP_ALIVE_LISTENER = "org.springframework.boot.SpringApplication$KeepAlive";

	@Bean
	@ConditionalOnMissingBean
	ExitMonitor exitMonitor(ApplicationContext context, ExitMonitorProperties properties) {
		ExitMonitor monitor = ExitMonitor.create(context.getId() != null ? context.getId() : "application");
		monitor.setStragglerSettings(ExitMonitorSettings.stragglerSettings(properties));
		// Checked here, not only when the first worker is defined: a bad value fails start-up either way.
		BackgroundWorkerMethods.backoff(properties);
		monitor.registerEarly((reason) -> {
			AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
			context.publishEvent(new ExitRequestedEvent(monitor, reason));
		});
		return monitor;
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerGroup exitMonitorWorkerGroup(ExitMonitor monitor, Environment environment) {
		ThreadFactory threads = Threading.VIRTUAL.isActive(environment)
				? new VirtualThreadTaskExecutor("worker-").getVirtualThreadFactory() : Thread::new;
		return WorkerGroup.create("background-workers", monitor, threads);
	}

	@Bean
	@ConditionalOnMissingBean
	ExitMonitorApplicationTerminator exitMonitorApplicationTerminator(ConfigurableApplicationContext context) {
		return (reason) -> System.exit(SpringApplication.exit(context));
	}

	@Bean
	@ConditionalOnMissingBean(name = "exitMonitorExitCodeGenerator")
	ExitCodeGenerator exitMonitorExitCodeGenerator(ExitMonitor monitor) {
		return () -> monitor.reason().map(ExitReason::exitCode).orElse(0);
	}

	@Bean
	@ConditionalOnMissingBean
	ApplicationExitCoordinator exitMonitorApplicationExitCoordinator(ExitMonitor monitor, WorkerGroup workers,
			ExitMonitorApplicationTerminator terminator, ExitMonitorProperties properties,
			ApplicationContext context, Environment environment) {
		boolean webServer = isWebServerContext(context);
		Boolean keepAlive = properties.getKeepAlive();
		boolean keep = (keepAlive != null) ? keepAlive : !webServer;
		// A thread of our own only when nothing else keeps the JVM running.
		boolean ownThread = !webServer && !isSpringKeepAlive(context, environment);
		return new ApplicationExitCoordinator(monitor, workers, terminator, keep, ownThread);
	}

	@Bean
	@ConditionalOnMissingBean
	EarlyExitLifecycle earlyExitLifecycle(ExitMonitor monitor, WorkerGroup workers,
			ApplicationExitCoordinator coordinator, ExitMonitorProperties properties, ApplicationContext context) {
		return new EarlyExitLifecycle(monitor, workers, coordinator, String.valueOf(context.getId()),
				properties.getPhases().getEarly());
	}

	@Bean
	@ConditionalOnMissingBean
	LateExitLifecycle lateExitLifecycle(ExitMonitor monitor, ExitMonitorProperties properties, Environment environment) {
		ExitMonitorSettings.checkLifecycleTimeout(properties, environment);
		return new LateExitLifecycle(monitor, ExitMonitorSettings.shutdownTimeout(properties),
				properties.getPhases().getLate());
	}

	@Bean
	static ExitMonitorAnnotationBeanPostProcessor exitMonitorAnnotationBeanPostProcessor() {
		return new ExitMonitorAnnotationBeanPostProcessor();
	}

	/**
	 * Whether Spring Boot keeps the JVM running with a thread of its own: {@code spring.main.keep-alive}, or
	 * {@code SpringApplication.setKeepAlive(true)}, which sets no property but adds Boot's keep-alive
	 * listener to the context before it refreshes. Should that listener be renamed, the only cost is a
	 * second, idle keep-alive thread.
	 */
	private static boolean isSpringKeepAlive(ApplicationContext context, Environment environment) {
		if (Binder.get(environment).bind(SPRING_KEEP_ALIVE_PROPERTY, Boolean.class).orElse(false)) {
			return true;
		}
		return (context instanceof AbstractApplicationContext applicationContext) && applicationContext
			.getApplicationListeners()
			.stream()
			.anyMatch((listener) -> listener.getClass().getName().equals(SPRING_KEEP_ALIVE_LISTENER));
	}

	private static boolean isWebServerContext(ApplicationContext context) {
		ClassLoader classLoader = context.getClassLoader();
		if (!ClassUtils.isPresent(WEB_SERVER_CONTEXT, classLoader)) {
			return false;
		}
		return ClassUtils.resolveClassName(WEB_SERVER_CONTEXT, classLoader).isInstance(context);
	}

}

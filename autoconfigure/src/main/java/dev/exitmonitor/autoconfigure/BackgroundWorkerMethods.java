package dev.exitmonitor.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import dev.exitmonitor.AsyncWorker;
import dev.exitmonitor.Backoff;
import dev.exitmonitor.Worker;
import dev.exitmonitor.WorkerContext;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.spring.BackgroundWorker;

/**
 * Turns a {@link BackgroundWorker} method or bean into a {@link WorkerDefinition}, checking its shape
 * and attributes and applying the {@code exit-monitor.workers[<name>]} overrides. Remembers the name of
 * every worker it was asked to define (also those disabled by property), so that overrides naming no
 * worker can be reported.
 *
 * @since 0.1.0
 */
final class BackgroundWorkerMethods {

	private final ExitMonitorProperties properties;

	private final Set<String> declaredNames = new LinkedHashSet<>();

	BackgroundWorkerMethods(ExitMonitorProperties properties) {
		this.properties = properties;
	}

	/**
	 * Return the definition of a worker method, or {@code null} if it is disabled by property.
	 */
	@Nullable WorkerDefinition forMethod(Object bean, String beanName, Method method, BackgroundWorker annotation) {
		String where = describe(beanName, method);
		if (Modifier.isStatic(method.getModifiers())) {
			throw invalid(where, "it is static", "Make the method an instance method of the bean.");
		}
		if (Modifier.isPrivate(method.getModifiers())) {
			throw invalid(where, "it is private, so it cannot be called through the bean's proxy",
					"Make the method package-private, protected or public.");
		}
		Class<?>[] parameters = method.getParameterTypes();
		boolean takesContext = parameters.length == 1 && parameters[0] == WorkerContext.class;
		if (parameters.length > 0 && !takesContext) {
			throw invalid(where, "it has unsupported parameters (" + typeNames(parameters) + ")",
					"Declare the method with no parameters or with a single WorkerContext parameter.");
		}
		Class<?> returnType = method.getReturnType();
		boolean async = CompletionStage.class.isAssignableFrom(returnType);
		if (returnType != void.class && !async) {
			throw invalid(where, "it returns " + returnType.getName(),
					"Return void (loop or long-running worker) or a CompletionStage (async worker).");
		}
		Method invocable = invocable(bean, method, where);
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : beanName + "." + method.getName();
		if (async) {
			return define(WorkerDefinition.async(name, (context) -> (CompletionStage<?>) invoke(bean, invocable,
					takesContext, context)), annotation, where, true);
		}
		Worker body = (context) -> invoke(bean, invocable, takesContext, context);
		return define(builderFor(name, body, annotation, where), annotation, where, false);
	}

	/**
	 * Return the definition of a type-level worker bean, or {@code null} if it is disabled by property.
	 */
	@Nullable WorkerDefinition forBean(Object bean, String beanName, BackgroundWorker annotation) {
		String where = "@BackgroundWorker bean '" + beanName + "' (" + ClassUtils.getUserClass(bean).getName() + ")";
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : beanName;
		if (bean instanceof AsyncWorker asyncWorker) {
			return define(WorkerDefinition.async(name, asyncWorker), annotation, where, true);
		}
		if (bean instanceof Worker worker) {
			return define(builderFor(name, worker, annotation, where), annotation, where, false);
		}
		throw invalid(where, "it implements neither Worker nor AsyncWorker",
				"Implement dev.exitmonitor.Worker (or AsyncWorker), or put @BackgroundWorker on a method instead.");
	}

	private WorkerDefinition.Builder builderFor(String name, Worker body, BackgroundWorker annotation, String where) {
		boolean loop = switch (annotation.mode()) {
			case LOOP -> true;
			case LONG_RUNNING -> false;
			case AUTO -> StringUtils.hasText(annotation.delay()) || overrides(name).getDelay() != null;
		};
		return loop ? WorkerDefinition.loop(name, body) : WorkerDefinition.longRunning(name, body);
	}

	private @Nullable WorkerDefinition define(WorkerDefinition.Builder builder, BackgroundWorker annotation,
			String where, boolean async) {
		WorkerDefinition probe = builder.build();
		String name = probe.name();
		this.declaredNames.add(name);
		ExitMonitorProperties.WorkerOverrides overrides = overrides(name);
		if (!overrides.isEnabled()) {
			return null;
		}
		if (async && annotation.mode() != BackgroundWorker.Mode.AUTO) {
			throw invalid(where, "it is an async worker (it returns a CompletionStage) but sets mode " + annotation.mode(),
					"Remove the mode: async workers are started once. To run the method as a " + annotation.mode()
							+ " worker, return void.");
		}
		try {
			int concurrency = (overrides.getConcurrency() != null) ? overrides.getConcurrency() : annotation.concurrency();
			if (!async || concurrency != 1) {
				builder.concurrency(concurrency);
			}
			Duration delay = (overrides.getDelay() != null) ? overrides.getDelay() : parseDuration(annotation.delay(), where, "delay");
			if (delay != null) {
				if (async) {
					throw invalid(where, "it is an async worker (it returns a CompletionStage) but sets a delay",
							"Remove the delay: async workers are started once.");
				}
				if (probe.style() == WorkerDefinition.Style.LONG_RUNNING) {
					throw invalid(where, "it is a LONG_RUNNING worker (called once) but sets a delay of " + delay
							+ ", which would be ignored", "Remove the delay (attribute 'delay' or property exit-monitor.workers["
							+ name + "].delay), or set mode LOOP (or AUTO) to call the method repeatedly.");
				}
				builder.delay(delay);
			}
			builder.failurePolicy((overrides.getFailurePolicy() != null) ? overrides.getFailurePolicy()
					: annotation.failurePolicy());
			builder.interruptMode((overrides.getInterruptMode() != null) ? overrides.getInterruptMode()
					: annotation.interruptMode());
			builder.autoStartup((overrides.getAutoStartup() != null) ? overrides.getAutoStartup() : annotation.autoStartup());
			builder.failureExitCode(annotation.failureExitCode());
			builder.backoff(backoff());
			Duration shutdownTimeout = parseDuration(annotation.shutdownTimeout(), where, "shutdownTimeout");
			if (shutdownTimeout != null) {
				builder.shutdownTimeout(shutdownTimeout);
			}
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw invalid(where, ex.getMessage(), "Fix the attribute on the annotation or the property exit-monitor.workers["
					+ name + "].*.");
		}
	}

	/**
	 * Return the names of the workers defined so far, also those disabled by property.
	 */
	Set<String> declaredNames() {
		return Collections.unmodifiableSet(this.declaredNames);
	}

	private Backoff backoff() {
		return backoff(this.properties);
	}

	/**
	 * Return the default backoff of the workers, failing start-up if the properties are invalid.
	 */
	static Backoff backoff(ExitMonitorProperties properties) {
		ExitMonitorProperties.WorkerDefaults defaults = properties.getWorker();
		try {
			return new Backoff(defaults.getBackoffInitial(), defaults.getBackoffMax(), defaults.getBackoffMultiplier(),
					defaults.getBackoffJitter());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidExitMonitorConfigurationException(
					"Invalid exit-monitor.worker.backoff-* properties: " + ex.getMessage(),
					"Set exit-monitor.worker.backoff-initial and backoff-max to positive durations with max >= initial, "
							+ "backoff-multiplier >= 1 and backoff-jitter between 0 and 1.",
					ex);
		}
	}

	private ExitMonitorProperties.WorkerOverrides overrides(String name) {
		ExitMonitorProperties.WorkerOverrides overrides = this.properties.getWorkers().get(name);
		return (overrides != null) ? overrides : new ExitMonitorProperties.WorkerOverrides();
	}

	private static @Nullable Duration parseDuration(String value, String where, String attribute) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(where, "its " + attribute + " '" + value + "' is not a duration",
					"Use a duration such as '500ms', '2s', '1m' or 'PT30S'.");
		}
	}

	/**
	 * Return the method to call on the bean as exposed (its proxy, if any), made accessible.
	 */
	static Method invocable(Object bean, Method method, String where) {
		try {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			ReflectionUtils.makeAccessible(invocable);
			return invocable;
		}
		catch (IllegalStateException ex) {
			throw new InvalidExitMonitorConfigurationException(
					"The " + where + " is invalid: the bean is exposed through a JDK interface proxy that does not "
							+ "declare the method.",
					"Declare the method on one of the bean's interfaces, or proxy the class "
							+ "(spring.aop.proxy-target-class=true).");
		}
	}

	private static Object invoke(Object bean, Method method, boolean takesContext, WorkerContext context)
			throws Exception {
		try {
			return takesContext ? method.invoke(bean, context) : method.invoke(bean);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof Exception exception) {
				throw exception;
			}
			throw (Error) target;
		}
	}

	static String describe(String beanName, Method method) {
		return "@" + "BackgroundWorker method '" + ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName() + "."
				+ method.getName() + "(" + typeNames(method.getParameterTypes()) + ")' of bean '" + beanName + "'";
	}

	static String typeNames(Class<?>[] types) {
		return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "));
	}

	static InvalidExitMonitorConfigurationException invalid(String where, String problem, String action) {
		return new InvalidExitMonitorConfigurationException("The " + where + " is invalid: " + problem + ".", action);
	}

}

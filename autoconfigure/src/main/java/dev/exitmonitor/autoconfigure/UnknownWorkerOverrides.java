package dev.exitmonitor.autoconfigure;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.exitmonitor.spring.BackgroundWorker;

/**
 * Warns about {@code exit-monitor.workers[<name>]} properties that name no {@code @BackgroundWorker} (a typo, or
 * a name with a dot written without brackets), whose overrides would otherwise be ignored without a word. A
 * warning, not a failure: a worker bean may be absent on purpose (a profile or condition left it out) while
 * shared configuration still names it. Skipped while a lazy singleton whose type declares
 * {@code @BackgroundWorker} was not created yet (with {@code spring.main.lazy-initialization}, say), as its
 * workers are not known yet.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
final class UnknownWorkerOverrides {

	private static final Log logger = LogFactory.getLog(UnknownWorkerOverrides.class);

	private static final ConfigurationPropertyName WORKER_OVERRIDES = ConfigurationPropertyName.of("exit-monitor.workers");

	private UnknownWorkerOverrides() {
	}

	/**
	 * Log a WARN naming the override properties that name none of the known workers, if any.
	 * @param environment the environment whose property sources hold the overrides
	 * @param known the names of every declared worker, also those disabled by property
	 * @param factory the bean factory, for lazy singletons not created yet
	 */
	static void report(Environment environment, Set<String> known, ConfigurableListableBeanFactory factory) {
		// Property names, not the bound map: a dotted name without brackets binds no entry at all.
		Set<String> unknown = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			// Asked first: a source answers it from its cached names, where walking them all costs about a
			// millisecond at start-up.
			if (source.containsDescendantOf(WORKER_OVERRIDES) == ConfigurationPropertyState.ABSENT) {
				continue;
			}
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream()
					.filter(WORKER_OVERRIDES::isAncestorOf)
					.map(UnknownWorkerOverrides::workerName)
					.filter((name) -> !known.contains(name))
					.forEach(unknown::add);
			}
		}
		if (unknown.isEmpty() || mayDeclareWorkersLater(factory)) {
			return;
		}
		logger.warn("Properties under exit-monitor.workers name no @BackgroundWorker, so their overrides are ignored: "
				+ unknown + ". Known workers: " + new TreeSet<>(known) + ". Use the name of a @BackgroundWorker "
				+ "(attribute 'name', else beanName.methodName) in brackets, as in "
				+ "exit-monitor.workers[bean.method].concurrency, or remove the properties.");
	}

	private static String workerName(ConfigurationPropertyName property) {
		return property.getElement(WORKER_OVERRIDES.getNumberOfElements(), ConfigurationPropertyName.Form.ORIGINAL);
	}

	/**
	 * Whether a lazy singleton not created yet may still declare workers: its type carries
	 * {@code @BackgroundWorker} on the class or a method, or cannot be told without creating it.
	 */
	private static boolean mayDeclareWorkersLater(ConfigurableListableBeanFactory factory) {
		for (String name : factory.getBeanDefinitionNames()) {
			BeanDefinition definition = factory.getBeanDefinition(name);
			if (definition.isLazyInit() && definition.isSingleton() && !definition.isAbstract()
					&& !factory.containsSingleton(name)) {
				Class<?> type = factory.getType(name, false);
				if (type == null || declaresWorkers(ClassUtils.getUserClass(type))) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean declaresWorkers(Class<?> type) {
		if (!AnnotationUtils.isCandidateClass(type, BackgroundWorker.class)) {
			return false;
		}
		return AnnotatedElementUtils.hasAnnotation(type, BackgroundWorker.class) || !MethodIntrospector
			.selectMethods(type, (MethodIntrospector.MetadataLookup<Boolean>) UnknownWorkerOverrides::isWorker)
			.isEmpty();
	}

	private static @Nullable Boolean isWorker(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, BackgroundWorker.class) ? Boolean.TRUE : null;
	}

}

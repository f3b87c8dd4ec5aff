package dev.exitmonitor.autoconfigure;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.exitmonitor.ExitCallback;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.WorkerDefinition;
import dev.exitmonitor.WorkerGroup;
import dev.exitmonitor.WorkerHandle;
import dev.exitmonitor.spring.BackgroundWorker;
import dev.exitmonitor.spring.EarlyExit;
import dev.exitmonitor.spring.LateExit;

/**
 * {@link BeanPostProcessor} that turns {@link BackgroundWorker} methods and beans into workers of the
 * context's {@link WorkerGroup} (each registered as a {@link WorkerHandle} singleton named after the
 * worker), and {@link EarlyExit} / {@link LateExit} methods into exit callbacks of the context's
 * {@link ExitMonitor}. Invalid declarations fail start-up with an
 * {@link InvalidExitMonitorConfigurationException}; {@code exit-monitor.workers[<name>]} properties that name
 * no worker are logged at WARN once every singleton was created.
 * <p>
 * Methods are called through the bean as exposed (its proxy, if any), so {@code @Transactional} and
 * other advice apply.
 * <p>
 * Beans of Spring's own classes ({@code org.springframework.*}) are not searched unless they are
 * {@code @Component}s, as Spring's {@code EventListenerMethodProcessor} does for {@code @EventListener}: they
 * are most of an application's beans, none carries these annotations, and searching every method of each up
 * its type hierarchy costs start-up time.
 *
 * @since 0.1.0
 */
class ExitMonitorAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware, SmartInitializingSingleton {

	private static final List<Class<? extends Annotation>> ANNOTATION_TYPES = List.of(BackgroundWorker.class,
			EarlyExit.class, LateExit.class);

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private @Nullable BackgroundWorkerMethods workerMethods;

	private @Nullable Environment environment;

	/** Worker name → the declaration that registered it, for duplicate-name messages. */
	private final Map<String, String> declarations = new HashMap<>();

	/** Classes already seen to carry none of the annotations, not looked at again (prototype beans). */
	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Report overrides that name no worker (see {@link UnknownWorkerOverrides}), once every singleton, and so
	 * every worker, was created.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		if (this.environment != null) {
			Set<String> known = (this.workerMethods != null) ? this.workerMethods.declaredNames() : Set.of();
			UnknownWorkerOverrides.report(this.environment, known, factory());
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof WorkerHandle || bean instanceof ExitMonitor || bean instanceof WorkerGroup) {
			return bean;
		}
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.nonAnnotatedClasses.contains(targetClass) || isSpringContainerClass(targetClass)
				|| !AnnotationUtils.isCandidateClass(targetClass, ANNOTATION_TYPES)) {
			return bean;
		}
		BackgroundWorker typeLevel = AnnotatedElementUtils.findMergedAnnotation(targetClass, BackgroundWorker.class);
		// One walk over the methods for all three annotations.
		Map<Method, MethodAnnotations> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<MethodAnnotations>) MethodAnnotations::of);
		if (typeLevel == null && annotated.isEmpty()) {
			this.nonAnnotatedClasses.add(targetClass);
			return bean;
		}
		requireSingleton(beanName);
		if (typeLevel != null) {
			register(workers().forBean(bean, beanName, typeLevel), beanName,
					"@BackgroundWorker bean '" + beanName + "'");
		}
		annotated.forEach((method, annotations) -> {
			if (annotations.worker() != null) {
				register(workers().forMethod(bean, beanName, method, annotations.worker()), beanName,
						BackgroundWorkerMethods.describe(beanName, method));
			}
		});
		ExitMonitor monitor = getBean(ExitMonitor.class);
		annotated.forEach((method, annotations) -> {
			if (annotations.early() != null) {
				monitor.registerEarly(callback(bean, beanName, method, "EarlyExit"));
			}
			if (annotations.late() != null) {
				monitor.registerLate(callback(bean, beanName, method, "LateExit"));
			}
		});
		return bean;
	}

	private static boolean isSpringContainerClass(Class<?> type) {
		return type.getName().startsWith("org.springframework.")
				&& !AnnotatedElementUtils.isAnnotated(ClassUtils.getUserClass(type), Component.class);
	}

	private void requireSingleton(String beanName) {
		ConfigurableListableBeanFactory factory = factory();
		if (factory.containsBeanDefinition(beanName) && !factory.getBeanDefinition(beanName).isSingleton()) {
			throw new InvalidExitMonitorConfigurationException(
					"Bean '" + beanName + "' declares @BackgroundWorker, @EarlyExit or @LateExit but is not a singleton.",
					"Declare these annotations on singleton beans only.");
		}
	}

	private void register(@Nullable WorkerDefinition definition, String beanName, String declaration) {
		if (definition == null) {
			return;
		}
		WorkerGroup group = getBean(WorkerGroup.class);
		String name = definition.name();
		String previous = this.declarations.get(name);
		if (previous != null || group.worker(name).isPresent()) {
			throw new InvalidExitMonitorConfigurationException("Worker name '" + name + "' of the " + declaration
					+ " is already used by " + ((previous != null) ? "the " + previous : "another worker") + ".",
					"Give each @BackgroundWorker a unique name (attribute 'name').");
		}
		// A worker named after its own bean (a type-level worker's default) gets a handle bean of its own name.
		String handleName = name.equals(beanName) ? name + "WorkerHandle" : name;
		if (factory().containsBean(handleName)) {
			throw new InvalidExitMonitorConfigurationException("Worker name '" + name + "' of the " + declaration
					+ " clashes with an existing bean of that name; each worker is registered as a WorkerHandle bean "
					+ "named after it.", "Give the @BackgroundWorker another name (attribute 'name').");
		}
		WorkerHandle handle = group.add(definition);
		this.declarations.put(name, declaration);
		factory().registerSingleton(handleName, handle);
	}

	private ExitCallback callback(Object bean, String beanName, Method method, String annotation) {
		String where = "@" + annotation + " method '" + ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName()
				+ "." + method.getName() + "(" + BackgroundWorkerMethods.typeNames(method.getParameterTypes())
				+ ")' of bean '" + beanName + "'";
		if (Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers())) {
			throw new InvalidExitMonitorConfigurationException("The " + where + " is invalid: it is "
					+ (Modifier.isStatic(method.getModifiers()) ? "static" : "private") + ".",
					"Make it a non-private instance method of the bean.");
		}
		Class<?>[] parameters = method.getParameterTypes();
		boolean takesReason = parameters.length == 1 && parameters[0] == ExitReason.class;
		if (parameters.length > 0 && !takesReason) {
			throw new InvalidExitMonitorConfigurationException(
					"The " + where + " is invalid: it has unsupported parameters ("
							+ BackgroundWorkerMethods.typeNames(parameters) + ").",
					"Declare the method with no parameters or with a single ExitReason parameter.");
		}
		Class<?> returnType = method.getReturnType();
		if (CompletionStage.class.isAssignableFrom(returnType) || Future.class.isAssignableFrom(returnType)) {
			// The value is ignored: work still running behind a returned future would not be waited for.
			throw new InvalidExitMonitorConfigurationException("The " + where + " is invalid: it returns "
					+ returnType.getName() + ", but the value an exit callback returns is ignored, so the work behind "
					+ "that future would not be waited for.",
					"Finish the work before returning (wait for the future rather than return it), and return void.");
		}
		Method invocable = BackgroundWorkerMethods.invocable(bean, method, where);
		return new ExitCallback() {

			@Override
			public void run(ExitReason reason) throws Exception {
				try {
					if (takesReason) {
						invocable.invoke(bean, reason);
					}
					else {
						invocable.invoke(bean);
					}
				}
				catch (InvocationTargetException ex) {
					Throwable target = ex.getTargetException();
					if (target instanceof Exception exception) {
						throw exception;
					}
					throw (Error) target;
				}
			}

			@Override
			public String toString() {
				return where;
			}

		};
	}

	private BackgroundWorkerMethods workers() {
		if (this.workerMethods == null) {
			this.workerMethods = new BackgroundWorkerMethods(getBean(ExitMonitorProperties.class));
		}
		return this.workerMethods;
	}

	private <T> T getBean(Class<T> type) {
		return factory().getBean(type);
	}

	private ConfigurableListableBeanFactory factory() {
		if (this.beanFactory == null) {
			throw new IllegalStateException("BeanFactory has not been set");
		}
		return this.beanFactory;
	}

	/**
	 * The exit annotations found on one method; at least one is present.
	 *
	 * @param worker its {@code @BackgroundWorker}, if any
	 * @param early its {@code @EarlyExit}, if any
	 * @param late its {@code @LateExit}, if any
	 */
	private record MethodAnnotations(@Nullable BackgroundWorker worker, @Nullable EarlyExit early,
			@Nullable LateExit late) {

		static @Nullable MethodAnnotations of(Method method) {
			BackgroundWorker worker = AnnotatedElementUtils.findMergedAnnotation(method, BackgroundWorker.class);
			EarlyExit early = AnnotatedElementUtils.findMergedAnnotation(method, EarlyExit.class);
			LateExit late = AnnotatedElementUtils.findMergedAnnotation(method, LateExit.class);
			return (worker != null || early != null || late != null) ? new MethodAnnotations(worker, early, late)
					: null;
		}

	}

}

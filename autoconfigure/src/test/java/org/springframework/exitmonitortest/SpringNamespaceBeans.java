package org.springframework.exitmonitortest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import dev.exitmonitor.ExitReason;
import dev.exitmonitor.spring.EarlyExit;

/**
 * Beans whose classes are in Spring's own namespace, for
 * {@code dev.exitmonitor.autoconfigure.BackgroundWorkerMethodShapesTests}: the annotation post-processor searches
 * such a class only when it is a {@code @Component}. Each bean records, under its own name, that its
 * {@code @EarlyExit} method ran.
 */
public final class SpringNamespaceBeans {

	private SpringNamespaceBeans() {
	}

	/**
	 * Where the beans record their {@code @EarlyExit} calls.
	 */
	public static final class Calls {

		private final List<String> calls = new CopyOnWriteArrayList<>();

		/**
		 * Return the calls so far.
		 * @return the names of the beans whose {@code @EarlyExit} method ran
		 */
		public List<String> calls() {
			return this.calls;
		}

	}

	/**
	 * A bean whose {@code @EarlyExit} method records its name; whether it runs depends on the subclass.
	 */
	abstract static class Recorder {

		private final Calls calls;

		private final String name;

		Recorder(Calls calls, String name) {
			this.calls = calls;
			this.name = name;
		}

		@EarlyExit
		void exiting(ExitReason reason) {
			this.calls.calls.add(this.name);
		}

	}

	/**
	 * Like one of Spring's infrastructure beans: not a {@code @Component}, so not searched.
	 */
	public static final class Infrastructure extends Recorder {

		/**
		 * Create the bean.
		 * @param calls where to record the call
		 */
		public Infrastructure(Calls calls) {
			super(calls, "infrastructure");
		}

	}

	/**
	 * A {@code @Configuration} class in Spring's namespace, proxied by CGLIB as such classes are by default: the
	 * proxy's class is not annotated, the class it extends is, so it is searched.
	 */
	@Configuration
	public static class ProxiedConfiguration extends Recorder {

		/**
		 * Create the configuration.
		 * @param calls where to record the call
		 */
		public ProxiedConfiguration(Calls calls) {
			super(calls, "configuration");
		}

		/**
		 * A bean method, without which Spring does not proxy a configuration class.
		 * @return a marker
		 */
		@Bean
		public String springNamespaceMarker() {
			return "marker";
		}

	}

	/**
	 * A {@code @Component} in Spring's namespace: searched like any application class.
	 */
	@Component
	public static final class AnnotatedComponent extends Recorder {

		/**
		 * Create the bean.
		 * @param calls where to record the call
		 */
		public AnnotatedComponent(Calls calls) {
			super(calls, "component");
		}

	}

}

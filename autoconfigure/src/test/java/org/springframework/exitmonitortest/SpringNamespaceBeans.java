package org.springframework.exitmonitortest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

import dev.exitmonitor.ExitReason;
import dev.exitmonitor.spring.EarlyExit;

/**
 * Beans whose classes are in Spring's own namespace, for
 * {@code dev.exitmonitor.autoconfigure.BackgroundWorkerMethodShapesTests}: the annotation post-processor searches
 * such a class only when it is a {@code @Component}.
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
	 * Like one of Spring's infrastructure beans: not a {@code @Component}, so not searched.
	 */
	public static final class Infrastructure {

		private final Calls calls;

		public Infrastructure(Calls calls) {
			this.calls = calls;
		}

		@EarlyExit
		void exiting(ExitReason reason) {
			this.calls.calls.add("infrastructure");
		}

	}

	/**
	 * A {@code @Component} in Spring's namespace: searched like any application class.
	 */
	@Component
	public static final class AnnotatedComponent {

		private final Calls calls;

		public AnnotatedComponent(Calls calls) {
			this.calls = calls;
		}

		@EarlyExit
		void exiting(ExitReason reason) {
			this.calls.calls.add("component");
		}

	}

}

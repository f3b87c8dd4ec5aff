package dev.exitmonitor.benchmarks.latency;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * The kind of thread the workers run on. Virtual threads are created through reflection
 * ({@code Thread.ofVirtual().factory()}), because this module compiles for Java 17; they are available from
 * JDK 21 on.
 *
 * @since 0.1.0
 */
public enum ThreadKind {

	/** Ordinary platform (operating system) threads. */
	PLATFORM,

	/** Virtual threads (JDK 21+). */
	VIRTUAL;

	/**
	 * Whether threads of this kind can be created on the running JVM.
	 * @return {@code true} for platform threads, and for virtual threads on JDK 21+
	 */
	public boolean isSupported() {
		return this == PLATFORM || Runtime.version().feature() >= 21;
	}

	/**
	 * Return a new factory of unstarted threads of this kind.
	 * @return the factory
	 * @throws UnsupportedOperationException if this kind is not supported by the running JVM
	 */
	public ThreadFactory newFactory() {
		if (this == PLATFORM) {
			return Thread::new;
		}
		if (!isSupported()) {
			throw new UnsupportedOperationException(
					"Virtual threads need JDK 21 or newer, but this is JDK " + Runtime.version());
		}
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			// Invoke through the public interface: the builder's own class is not accessible.
			Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
			return (ThreadFactory) factory.invoke(builder);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not create a virtual thread factory on JDK " + Runtime.version(), ex);
		}
	}

	/**
	 * Parse a kind from its name, in any case.
	 * @param name {@code platform} or {@code virtual}
	 * @return the kind
	 * @throws IllegalArgumentException for any other name
	 */
	public static ThreadKind parse(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Unknown thread kind '" + name + "': use platform or virtual", ex);
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}

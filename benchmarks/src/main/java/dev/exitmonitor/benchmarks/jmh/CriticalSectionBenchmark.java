package dev.exitmonitor.benchmarks.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import dev.exitmonitor.CriticalSection;
import dev.exitmonitor.Exit;

/**
 * Cost of entering and leaving an (empty) critical section, {@code try (CriticalSection s = Exit.critical()) {}},
 * against a {@link ThreadLocal} read, on one thread and on two threads at once (each with its own sections: the
 * sections never contend, but the threads share the machine's two cores and any shared state).
 * <p>
 * Targets: at most 12 ns, and at most 3 times a {@code ThreadLocal} read.
 *
 * @since 0.1.0
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CriticalSectionBenchmark {

	private static final ThreadLocal<Object> local = ThreadLocal.withInitial(Object::new);

	/**
	 * Initialize the library (its classes, its logging, this thread's state) before the warm-up, so that the
	 * warm-up iterations are spent warming up the code measured.
	 */
	@Setup(Level.Trial)
	public void initializeLibrary() {
		Exit.monitor();
	}

	/**
	 * Enter and leave a critical section on one thread.
	 */
	@Benchmark
	public void criticalSection() {
		try (CriticalSection section = Exit.critical()) {
			// Empty on purpose: the cost of the region itself.
		}
	}

	/**
	 * Read a {@code ThreadLocal} on one thread.
	 * @return the value
	 */
	@Benchmark
	public Object threadLocalRead() {
		return local.get();
	}

	private final AtomicInteger word = new AtomicInteger();

	/**
	 * Two atomic adds on an uncontended field of this thread, the floor of any section that another thread
	 * must see open and closed at once (a plain write could be reordered after the reads that follow it);
	 * informational.
	 * @return the value
	 */
	@Benchmark
	public int twoAtomicAdds() {
		this.word.getAndAdd(1);
		return this.word.getAndAdd(-1);
	}

	/**
	 * Read {@link System#nanoTime()}; informational: it is why sections opened before any stop signal are not
	 * timed (on a virtual machine with {@code kvm-clock} this read alone costs about twice the section).
	 * @return the time
	 */
	@Benchmark
	public long nanoTime() {
		return System.nanoTime();
	}

	/**
	 * Enter and leave a critical section, on two threads at once.
	 */
	@Benchmark
	@Threads(2)
	public void criticalSectionTwoThreads() {
		try (CriticalSection section = Exit.critical()) {
			// Empty on purpose: the cost of the region itself.
		}
	}

	/**
	 * Read a {@code ThreadLocal}, on two threads at once.
	 * @return the value
	 */
	@Benchmark
	@Threads(2)
	public Object threadLocalReadTwoThreads() {
		return local.get();
	}

}

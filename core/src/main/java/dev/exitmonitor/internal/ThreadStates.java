package dev.exitmonitor.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.InterruptMode;

/**
 * Registry of {@link ThreadState}s for every thread known to any exit monitor, and the process-wide
 * "a stop signal was ever raised" word that keeps the no-request path of {@code Exit.check()} at one
 * volatile read.
 * <p>
 * Every state is kept by thread. States bound to a monitor other than the global one are also kept in that
 * monitor's own {@link BoundThreads}, so that the monitor's exit copies out its own threads instead of
 * walking every thread of the process ({@link #boundTo(ExitMonitor)}); the global monitor's threads are
 * every other state.
 * <p>
 * Thread-safe. States of threads bound by a worker group or executor are removed when the thread ends
 * ({@link #release()}); states of other threads are pruned once their thread has terminated, whenever
 * the registry has doubled in size since the last sweep. A monitor's {@code BoundThreads} retires itself when
 * its last thread is removed and is then dropped, so that a monitor whose threads all ended is not kept
 * reachable; a thread bound later gets a new one.
 *
 * @since 0.1.0
 */
public final class ThreadStates {

	/**
	 * Set once any thread was asked to stop or any monitor began to exit; never cleared. While it is
	 * {@code false}, no thread can have a stop request, so callers need no per-thread lookup.
	 */
	private static volatile boolean stopSignalRaised;

	/** When {@link #stopSignalRaised} was set; written once, before it. */
	private static volatile @Nullable Instant stopSignalRaisedAt;

	private static final ConcurrentHashMap<Thread, ThreadState> states = new ConcurrentHashMap<>();

	/** The threads of each monitor other than the global one; a monitor without any has no entry. */
	private static final ConcurrentHashMap<ExitMonitor, BoundThreads> threadsByMonitor = new ConcurrentHashMap<>();

	private static final AtomicInteger pruneThreshold = new AtomicInteger(1024);

	private static final ThreadLocal<ThreadState> current = ThreadLocal
		.withInitial(() -> forThread(Thread.currentThread()));

	private ThreadStates() {
	}

	/**
	 * Whether any stop signal was ever raised in this JVM.
	 * @return {@code false} while no thread can have a pending stop request
	 */
	public static boolean stopSignalRaised() {
		return stopSignalRaised;
	}

	/**
	 * Raise the process-wide stop signal word. Must be called before the specific flag is set.
	 */
	public static void armStopSignal() {
		if (!stopSignalRaised) {
			synchronized (ThreadStates.class) {
				if (!stopSignalRaised) {
					stopSignalRaisedAt = Instant.now();
					stopSignalRaised = true;
				}
			}
		}
	}

	/**
	 * Return when the first stop signal was raised in this JVM.
	 * @return the instant, or {@code null} if none was raised yet
	 */
	public static @Nullable Instant stopSignalRaisedAt() {
		return stopSignalRaisedAt;
	}

	/**
	 * Return the state of the calling thread, creating it (bound to the global monitor) if needed.
	 * @return the state
	 */
	public static ThreadState current() {
		return current.get();
	}

	/**
	 * Return the state of a thread, creating it (bound to the global monitor) if needed.
	 * @param thread the thread
	 * @return the state
	 */
	public static ThreadState forThread(Thread thread) {
		ThreadState state = states.get(thread);
		if (state != null) {
			return state;
		}
		pruneIfLarge();
		return states.computeIfAbsent(thread, (key) -> new ThreadState(key, ExitMonitor.global()));
	}

	/**
	 * Return the state of a thread if it has one, without creating it.
	 * @param thread the thread
	 * @return the state, or {@code null}
	 */
	public static @Nullable ThreadState find(Thread thread) {
		return states.get(thread);
	}

	/**
	 * Return since when a thread is inside its outermost open critical section (see
	 * {@link ThreadState#criticalSince()}).
	 * @param thread the thread
	 * @return the instant, or {@code null} if the thread is unknown or not in a critical section
	 */
	public static @Nullable Instant criticalSince(Thread thread) {
		ThreadState state = states.get(thread);
		return (state != null) ? state.criticalSince() : null;
	}

	/**
	 * Bind a thread to a monitor as a managed thread: thread factories bind each thread from inside it, as it
	 * starts, so that a thread made but never started leaves no state behind.
	 * @param thread the thread
	 * @param monitor the monitor it obeys
	 * @param mode its interrupt mode
	 * @return the state
	 */
	public static ThreadState bind(Thread thread, ExitMonitor monitor, InterruptMode mode) {
		ThreadState state = forThread(thread);
		ExitMonitor previous = state.monitor();
		state.bind(monitor, true, mode);
		if (previous != monitor) {
			// Held by the new monitor before the caller looks whether that monitor's exit has begun.
			removeFromMonitor(previous, state);
			addToMonitor(monitor, state);
		}
		return state;
	}

	/**
	 * Forget the calling thread; called when a managed thread ends.
	 */
	public static void release() {
		ThreadState state = states.remove(Thread.currentThread());
		current.remove();
		if (state != null) {
			removeFromMonitor(state.monitor(), state);
		}
	}

	/**
	 * Return the states of every thread bound to the given monitor: the monitor's own threads, or for the
	 * global monitor every state not bound elsewhere.
	 * @param monitor the monitor
	 * @return a snapshot list
	 */
	public static List<ThreadState> boundTo(ExitMonitor monitor) {
		if (monitor != ExitMonitor.global()) {
			BoundThreads own = threadsByMonitor.get(monitor);
			return (own != null) ? own.snapshot() : List.of();
		}
		List<ThreadState> result = new ArrayList<>();
		for (ThreadState state : states.values()) {
			if (state.monitor() == monitor) {
				result.add(state);
			}
		}
		return result;
	}

	/**
	 * Whether the registry holds a set of threads for the given monitor (never for the global one).
	 * @param monitor the monitor
	 * @return {@code true} while a thread bound to it has not ended
	 */
	static boolean holdsThreadsOf(ExitMonitor monitor) {
		return threadsByMonitor.containsKey(monitor);
	}

	private static void addToMonitor(ExitMonitor monitor, ThreadState state) {
		if (monitor == ExitMonitor.global()) {
			return;
		}
		for (;;) {
			BoundThreads own = threadsByMonitor.computeIfAbsent(monitor, (key) -> new BoundThreads());
			if (own.add(state)) {
				return;
			}
			// Retired by the removal of its last thread: drop it, if its remover has not yet, and take a new one.
			threadsByMonitor.remove(monitor, own);
		}
	}

	private static void removeFromMonitor(ExitMonitor monitor, ThreadState state) {
		if (monitor == ExitMonitor.global()) {
			return;
		}
		BoundThreads own = threadsByMonitor.get(monitor);
		if (own != null && own.remove(state)) {
			threadsByMonitor.remove(monitor, own);
		}
	}

	private static void pruneIfLarge() {
		int threshold = pruneThreshold.get();
		if (states.size() < threshold || !pruneThreshold.compareAndSet(threshold, Integer.MAX_VALUE)) {
			return;
		}
		for (Map.Entry<Thread, ThreadState> entry : states.entrySet()) {
			ThreadState state = entry.getValue();
			if (entry.getKey().getState() == Thread.State.TERMINATED && states.remove(entry.getKey(), state)) {
				removeFromMonitor(state.monitor(), state);
			}
		}
		pruneThreshold.set(Math.max(1024, states.size() * 2));
	}

}

package dev.exitmonitor.internal;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.InterruptMode;
import dev.exitmonitor.ThreadExit;

/**
 * Exit state of one thread: its soft stop flag, its critical and interruptible regions, its wait slot
 * and the resources to close when its interruption is escalated.
 *
 * <h2>Thread-safety</h2>
 * The owner thread (the one this state describes) is the only one that opens and closes regions and
 * enters exit-aware waits. Any thread may request a stop, escalate, or read a snapshot. Region depths
 * and interrupt flags live in one {@code int} control word ({@link #ctl}) changed only by atomic
 * read-modify-write operations: flags by CAS; the critical depth, which only the owner changes, by atomic
 * add. A delivery ({@link #DELIVERING}) is only started by a CAS from a word that shows no open critical
 * section, so a stopper never interrupts a thread inside one; an owner whose add finds a delivery in
 * flight lets it land and holds that interrupt back until the section closes, as it does with any
 * interrupt pending at entry; an owner closing its outermost section also lets a delivery in flight land,
 * so that the code after the section sees the interrupt.
 *
 * <h2>Control word</h2>
 * <ul>
 * <li>bits 0–15: depth of nested critical sections;</li>
 * <li>bits 16–23: depth of nested interruptible regions;</li>
 * <li>{@link #DELIVERING}: a stopper is calling {@link Thread#interrupt()} right now;</li>
 * <li>{@link #DELIVERED}: this library interrupted the thread and has not cleared that interrupt;</li>
 * <li>{@link #ESCALATED}: hard interruption was escalated (interrupt even outside interruptible regions);</li>
 * <li>{@link #MODE_INTERRUPT}: the thread runs in {@link InterruptMode#INTERRUPT}.</li>
 * </ul>
 *
 * <h2>Wait slot</h2>
 * {@code IDLE → WAITING} (owner enters an exit-aware wait) {@code → WAKING} (a stopper claimed the
 * wake-up by CAS) {@code → WOKEN} (the stopper's {@code interrupt()} returned) {@code → IDLE} (owner,
 * after consuming that interrupt). An owner that leaves the wait while the stopper is still inside
 * {@code interrupt()} spins, then yields, a few microseconds; if the stopper still has not returned (it
 * was preempted, often in favour of the very thread it woke), the owner moves {@code WAKING → AWAITED}
 * by CAS and parks; the stopper's CAS to {@code WOKEN} then fails, so it sets {@code WOKEN} and unparks
 * the owner.
 * If the owner leaves the wait before any stopper claimed it, it moves {@code WAITING → IDLE}
 * by CAS and the stopper does nothing. The interrupt used to wake a wait is therefore always consumed
 * by the wait that it was aimed at and never leaks into the code after it.
 * <p>
 * Parking waits (the library's own waits, see {@link ParkingWait}) need no interrupt:
 * {@code IDLE → PARKED} (owner) {@code → UNPARKED} (a stopper, by CAS, then {@link LockSupport#unpark(Thread)})
 * {@code → IDLE} (owner), or {@code PARKED → IDLE} (owner, not woken). A stopper that finds {@code UNPARKED}
 * unparks again: the earlier wake-up may have been stale (a task's stop that arrived after the task ended) and
 * the owner, finding no stop, waits on. The owner never waits for a stopper: an unpark that arrives after the
 * wait ended only makes a later {@code park} return early, which every user of {@code park} must allow for.
 *
 * @since 0.1.0
 */
public final class ThreadState {

	private static final Logger logger = LoggerFactory.getLogger(ThreadState.class);

	static final int CRITICAL_MASK = 0xFFFF;

	static final int INTERRUPTIBLE_UNIT = 1 << 16;

	static final int INTERRUPTIBLE_MASK = 0xFF << 16;

	static final int DELIVERING = 1 << 24;

	static final int DELIVERED = 1 << 25;

	static final int ESCALATED = 1 << 26;

	static final int MODE_INTERRUPT = 1 << 27;

	private static final int IDLE = 0;

	private static final int WAITING = 1;

	private static final int WAKING = 2;

	private static final int WOKEN = 3;

	private static final int AWAITED = 4;

	private static final int PARKED = 5;

	private static final int UNPARKED = 6;

	private static final VarHandle CTL;

	private static final VarHandle WAIT_SLOT;

	private static final VarHandle SIGNAL_ROUND;

	private static final VarHandle CRITICAL_SEQUENCE;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			CTL = lookup.findVarHandle(ThreadState.class, "ctl", int.class);
			WAIT_SLOT = lookup.findVarHandle(ThreadState.class, "waitSlot", int.class);
			SIGNAL_ROUND = lookup.findVarHandle(ThreadState.class, "signalRound", SignalRound.class);
			CRITICAL_SEQUENCE = lookup.findVarHandle(ThreadState.class, "criticalSequence", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Thread thread;

	/** Monitor this thread obeys; written when the thread is bound, read by any thread. */
	private volatile ExitMonitor monitor;

	/** Whether a worker group or exit-aware executor of the monitor started this thread. */
	private volatile boolean managed;

	/** Soft stop flag; set once, never cleared. */
	private volatile boolean stopRequested;

	/** Stop flag of the task the thread runs for an exit-aware executor; {@code null} between tasks. */
	private volatile @Nullable TaskScope scope;

	/** Region depths and interrupt flags, see the class Javadoc; changed only atomically. */
	private volatile int ctl;

	/** The exit pass that is waking this thread, which it helps once woken; {@code null} otherwise. */
	private volatile @Nullable SignalRound signalRound;

	/** Exit-aware wait slot, see the class Javadoc. */
	private volatile int waitSlot;

	/**
	 * Written by the owner under {@link #criticalSequence}: {@link System#nanoTime()} when the outermost open
	 * critical section was entered if a stop signal had been raised in the JVM by then, otherwise {@code 0}
	 * (not timed: a clock read would be most of a section's cost, and before any stop nobody needs it).
	 */
	private long criticalSinceNanos;

	/**
	 * Sequence lock over {@link #criticalSinceNanos}: at every outermost entry the owner makes it odd, writes,
	 * and makes it even again (two more than before); a reader retries until it reads the same even value
	 * before and after. Its value also names the section, so readers keep one date per section.
	 */
	private volatile int criticalSequence;

	/** Guards {@link #observedEntry} and {@link #observedAt}, which readers write. */
	private final Object observationLock = new Object();

	/** Readers: the outermost section a reader dated last (its {@link #criticalSequence} value). */
	private int observedEntry;

	/** Readers: the date given to the section {@link #observedEntry}; {@code null} before any. */
	private @Nullable Instant observedAt;

	/** Owner only: the thread's interrupt status was set when it entered its outermost critical section. */
	private boolean interruptStashed;

	private final Set<Closeable> closeOnEscalation = ConcurrentHashMap.newKeySet();

	/** This state's slot in the {@link BoundThreads} of its monitor, or {@code -1}; guarded by its lock. */
	int boundIndex = -1;

	ThreadState(Thread thread, ExitMonitor monitor) {
		this.thread = thread;
		this.monitor = monitor;
	}

	/**
	 * Return the thread this state describes.
	 * @return the thread
	 */
	public Thread thread() {
		return this.thread;
	}

	/**
	 * Return the monitor this thread obeys.
	 * @return the monitor
	 */
	public ExitMonitor monitor() {
		return this.monitor;
	}

	/**
	 * Whether a worker group or exit-aware executor started this thread.
	 * @return {@code true} for a managed thread
	 */
	public boolean isManaged() {
		return this.managed;
	}

	void bind(ExitMonitor monitor, boolean managed, InterruptMode mode) {
		this.monitor = monitor;
		this.managed = managed;
		setInterruptMode(mode);
	}

	/**
	 * Set the interrupt mode of this thread.
	 * @param mode the mode
	 */
	public void setInterruptMode(InterruptMode mode) {
		for (;;) {
			int c = this.ctl;
			int updated = (mode == InterruptMode.INTERRUPT) ? (c | MODE_INTERRUPT) : (c & ~MODE_INTERRUPT);
			if (c == updated || CTL.compareAndSet(this, c, updated)) {
				break;
			}
		}
		deliverIfEligible();
	}

	/**
	 * Return the interrupt mode of this thread.
	 * @return the mode
	 */
	public InterruptMode interruptMode() {
		return ((this.ctl & MODE_INTERRUPT) != 0) ? InterruptMode.INTERRUPT : InterruptMode.COOPERATIVE;
	}

	/**
	 * Whether this thread was asked to stop on its own ({@link #requestStop()}), leaving aside its monitor's
	 * exit and its task's stop.
	 * @return {@code true} once this thread alone was asked to stop
	 */
	boolean isStopRequestedForThisThread() {
		return this.stopRequested;
	}

	/**
	 * Whether this thread was asked to stop, on its own or because its monitor is exiting.
	 * @return {@code true} once a stop was requested
	 */
	public boolean isStopRequested() {
		if (this.stopRequested || this.monitor.isStopSignalled()) {
			return true;
		}
		TaskScope current = this.scope;
		return current != null && current.isStopRequested();
	}

	@Nullable TaskScope enterScope(TaskScope taskScope) {
		TaskScope outer = this.scope;
		this.scope = taskScope;
		return outer;
	}

	/**
	 * Leave the task scope, restoring the scope of an outer task run on the same thread (a caller-runs
	 * executor); an interrupt this library delivered for the task is cleared so that it does not reach
	 * the next task, unless the thread itself is asked to stop.
	 * @param outer the scope returned by {@link #enterScope(TaskScope)}
	 */
	void leaveScope(@Nullable TaskScope outer) {
		TaskScope ended = this.scope;
		this.scope = outer;
		if (ended != null && !this.stopRequested && !this.monitor.isStopSignalled()) {
			for (int round = 0;;) {
				int c = this.ctl;
				if ((c & DELIVERING) != 0) {
					round = SpinPause.pause(round);
					continue;
				}
				if ((c & DELIVERED) == 0) {
					return;
				}
				if (CTL.compareAndSet(this, c, c & ~DELIVERED)) {
					Thread.interrupted();
					return;
				}
			}
		}
	}

	/**
	 * Set the soft stop flag, wake the thread from an exit-aware wait, and deliver a hard interrupt if
	 * its mode and regions allow.
	 */
	public void requestStop() {
		markStopRequested();
		signalStop();
	}

	/**
	 * Set the soft stop flag only; {@link #signalStop()} acts on it.
	 */
	void markStopRequested() {
		ThreadStates.armStopSignal();
		this.stopRequested = true;
	}

	/**
	 * Act on a stop that was just made visible to this thread (its own flag or its monitor's exit):
	 * wake it from an exit-aware wait and deliver a hard interrupt if eligible.
	 */
	public void signalStop() {
		wakeWait();
		deliverIfEligible();
	}

	void joinRound(SignalRound round) {
		this.signalRound = round;
	}

	void leaveRound(SignalRound round) {
		// Most woken threads already left (helpSignal): a read, not a CAS, for them.
		if (this.signalRound == round) {
			SIGNAL_ROUND.compareAndSet(this, round, null);
		}
	}

	@Nullable SignalRound signalRound() {
		return this.signalRound;
	}

	/**
	 * Owner only, once woken from an exit-aware wait: help the exit pass that woke this thread signal the
	 * threads it has not reached yet (see {@link SignalRound}).
	 */
	public void helpSignal() {
		SignalRound round = this.signalRound;
		if (round != null) {
			this.signalRound = null;
			round.work();
		}
	}

	/**
	 * Escalate: hard-interrupt the thread even outside interruptible regions and close every resource
	 * registered for escalation; inside a critical section both wait until the outermost section closes.
	 */
	public void escalate() {
		ThreadStates.armStopSignal();
		this.stopRequested = true;
		for (;;) {
			int c = this.ctl;
			if ((c & ESCALATED) != 0 || CTL.compareAndSet(this, c, c | ESCALATED)) {
				break;
			}
		}
		wakeWait();
		deliverIfEligible();
		if (!isInCriticalSection()) {
			closeRegisteredResources();
		}
	}

	/**
	 * Close the resources registered for escalation; done at escalation, or, for a thread inside a
	 * critical section, when its outermost section closes (the escalating thread's check and the
	 * owner's close of the section may both close: closing twice is harmless and the set is emptied).
	 */
	private void closeRegisteredResources() {
		for (Closeable closeable : this.closeOnEscalation) {
			if (this.closeOnEscalation.remove(closeable)) {
				closeQuietly(closeable);
			}
		}
	}

	/**
	 * Whether interruption of this thread was escalated.
	 * @return {@code true} once {@link #escalate()} was called
	 */
	public boolean isEscalated() {
		return (this.ctl & ESCALATED) != 0;
	}

	/**
	 * Register a resource to close when interruption is escalated; closed at once if it already was.
	 * @param closeable the resource
	 */
	public void addCloseOnEscalation(Closeable closeable) {
		this.closeOnEscalation.add(closeable);
		if (isEscalated() && this.closeOnEscalation.remove(closeable)) {
			closeQuietly(closeable);
		}
	}

	/**
	 * Remove a resource registered with {@link #addCloseOnEscalation(Closeable)}.
	 * @param closeable the resource
	 */
	public void removeCloseOnEscalation(Closeable closeable) {
		this.closeOnEscalation.remove(closeable);
	}

	private void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Closing {} on escalated interruption of thread '{}' failed", closeable, this.thread.getName(),
					ex);
		}
	}

	// ---- critical sections ----

	/**
	 * Owner only: open a critical section.
	 * @return the depth after opening (1 for the outermost section)
	 */
	public int enterCritical() {
		// Only the owner changes the depth bits, so this read of them is exact.
		int c = this.ctl;
		if ((c & CRITICAL_MASK) == CRITICAL_MASK) {
			throw new IllegalStateException(
					"Too many nested critical sections in thread '" + this.thread.getName() + "': " + CRITICAL_MASK);
		}
		if ((c & CRITICAL_MASK) == 0) {
			int sequence = this.criticalSequence;
			CRITICAL_SEQUENCE.setOpaque(this, sequence + 1);
			VarHandle.storeStoreFence();
			this.criticalSinceNanos = ThreadStates.stopSignalRaised() ? System.nanoTime() : 0;
			CRITICAL_SEQUENCE.setRelease(this, sequence + 2);
		}
		int before = (int) CTL.getAndAdd(this, 1);
		if ((before & DELIVERING) != 0) {
			// A stopper saw no critical section and is interrupting us right now: that interrupt arrived
			// before the section. Let it land, then hold it back like any earlier one (below).
			awaitDeliveryInFlight();
		}
		int depth = (before & CRITICAL_MASK) + 1;
		if (depth == 1 && this.thread.isInterrupted()) {
			// Hold back an interrupt that arrived before the section: restored when it closes.
			Thread.interrupted();
			this.interruptStashed = true;
		}
		return depth;
	}

	/**
	 * Owner only: close the critical section opened at the given depth.
	 * @param depth the depth returned by {@link #enterCritical()}
	 */
	public void leaveCritical(int depth) {
		int current = this.ctl & CRITICAL_MASK;
		if (current != depth) {
			throw new IllegalStateException("Critical sections of thread '" + this.thread.getName()
					+ "' must be closed innermost first: expected depth " + current + " but closing " + depth);
		}
		// The depth read above is at least 1 (it equals a depth returned by enterCritical), so subtracting
		// one from the low bits cannot borrow from the flag bits that other threads may set meanwhile.
		CTL.getAndAdd(this, -1);
		if (depth == 1) {
			if (this.interruptStashed) {
				this.interruptStashed = false;
				this.thread.interrupt();
			}
			// A stopper raises the process-wide signal before it looks at this word, and it saw the section
			// open (it would have delivered otherwise), so that read came before the add above: without the
			// signal, nothing can have been held back for the end of the section.
			if (ThreadStates.stopSignalRaised()) {
				deliverIfEligible();
				// A stopper that saw the section closed may be interrupting us right now, and then the call
				// above left the delivery to it: let it land, so that the code after the section sees it.
				awaitDeliveryInFlight();
				if (isEscalated()) {
					closeRegisteredResources();
				}
			}
		}
	}

	/**
	 * Whether the thread is inside a critical section.
	 * @return {@code true} inside a critical section
	 */
	public boolean isInCriticalSection() {
		return (this.ctl & CRITICAL_MASK) != 0;
	}

	/**
	 * Return since when the thread is inside its outermost open critical section. A section entered after a
	 * stop signal was raised in the JVM is timed when it opens, and that time is returned. Sections entered
	 * before are not timed (to keep them cheap); such a section is dated by the first reader that sees it:
	 * with the moment the first stop signal was raised, if one was (the section opened before that), or
	 * else with the moment it was first seen open. Such a date is the latest the section can have begun,
	 * and every read of the same section returns the same date. A snapshot: the owner may leave the
	 * section as this is read.
	 * @return the date, or {@code null} outside critical sections
	 */
	public @Nullable Instant criticalSince() {
		long timed;
		int entry;
		for (int round = 0;; round = SpinPause.pause(round)) {
			entry = (int) CRITICAL_SEQUENCE.getAcquire(this);
			if ((entry & 1) != 0) {
				continue;
			}
			timed = this.criticalSinceNanos;
			VarHandle.acquireFence();
			int depth = this.ctl & CRITICAL_MASK;
			if ((int) CRITICAL_SEQUENCE.getAcquire(this) != entry) {
				continue;
			}
			if (depth == 0) {
				return null;
			}
			// No outermost entry began between the two reads, so the open section is the one dated.
			break;
		}
		synchronized (this.observationLock) {
			if (this.observedAt == null || this.observedEntry != entry) {
				this.observedEntry = entry;
				if (timed != 0) {
					this.observedAt = Instant.now().minusNanos(System.nanoTime() - timed);
				}
				else {
					Instant signalRaised = ThreadStates.stopSignalRaisedAt();
					this.observedAt = (signalRaised != null) ? signalRaised : Instant.now();
				}
			}
			return this.observedAt;
		}
	}

	// ---- interruptible regions ----

	/**
	 * Owner only: open an interruptible region; a pending stop is delivered as a hard interrupt at once.
	 * @return the depth after opening
	 */
	public int enterInterruptible() {
		int c;
		for (;;) {
			c = this.ctl;
			if ((c & INTERRUPTIBLE_MASK) == INTERRUPTIBLE_MASK) {
				throw new IllegalStateException(
						"Too many nested interruptible regions in thread '" + this.thread.getName() + "'");
			}
			if (CTL.compareAndSet(this, c, c + INTERRUPTIBLE_UNIT)) {
				break;
			}
		}
		deliverIfEligible();
		return ((c & INTERRUPTIBLE_MASK) >>> 16) + 1;
	}

	/**
	 * Owner only: close the interruptible region opened at the given depth. Closing the outermost one
	 * clears an interrupt this library delivered, unless the thread runs in {@link InterruptMode#INTERRUPT}
	 * or was escalated.
	 * @param depth the depth returned by {@link #enterInterruptible()}
	 */
	public void leaveInterruptible(int depth) {
		boolean clearInterrupt;
		for (int round = 0;;) {
			int c = this.ctl;
			if ((c & DELIVERING) != 0) {
				// An interrupt aimed at this region is in flight: take it here, not after the region.
				round = SpinPause.pause(round);
				continue;
			}
			int current = (c & INTERRUPTIBLE_MASK) >>> 16;
			if (current != depth) {
				throw new IllegalStateException("Interruptible regions of thread '" + this.thread.getName()
						+ "' must be closed innermost first: expected depth " + current + " but closing " + depth);
			}
			int updated = c - INTERRUPTIBLE_UNIT;
			clearInterrupt = depth == 1 && (c & DELIVERED) != 0 && (c & (MODE_INTERRUPT | ESCALATED)) == 0;
			if (clearInterrupt) {
				updated &= ~DELIVERED;
			}
			if (CTL.compareAndSet(this, c, updated)) {
				break;
			}
		}
		if (clearInterrupt) {
			Thread.interrupted();
		}
	}

	/**
	 * Whether the thread is inside an interruptible region.
	 * @return {@code true} inside an interruptible region
	 */
	public boolean isInInterruptibleRegion() {
		return (this.ctl & INTERRUPTIBLE_MASK) != 0;
	}

	private boolean isEligibleForInterrupt(int c) {
		if ((c & (DELIVERING | DELIVERED | CRITICAL_MASK)) != 0) {
			return false;
		}
		if ((c & ESCALATED) != 0) {
			return true;
		}
		TaskScope current = this.scope;
		if (current != null && current.isInterruptRequested()) {
			return true;
		}
		return ((c & (INTERRUPTIBLE_MASK | MODE_INTERRUPT)) != 0) && isStopRequested();
	}

	/**
	 * Owner only: wait until no stopper is inside {@link Thread#interrupt()} for this thread (a moment, unless
	 * the stopper was preempted; see {@link SpinPause}).
	 */
	private void awaitDeliveryInFlight() {
		for (int round = 0; (this.ctl & DELIVERING) != 0;) {
			round = SpinPause.pause(round);
		}
	}

	private void deliverIfEligible() {
		for (;;) {
			int c = this.ctl;
			if (!isEligibleForInterrupt(c)) {
				return;
			}
			if (CTL.compareAndSet(this, c, c | DELIVERING)) {
				break;
			}
		}
		try {
			this.thread.interrupt();
		}
		finally {
			for (;;) {
				int c = this.ctl;
				if (CTL.compareAndSet(this, c, (c & ~DELIVERING) | DELIVERED)) {
					break;
				}
			}
		}
	}

	// ---- exit-aware waits ----

	/**
	 * Owner only: publish that the thread is about to block in an exit-aware wait. The caller must check
	 * {@link #isStopRequested()} after this call and before blocking.
	 */
	public void beginWait() {
		this.waitSlot = WAITING;
	}

	/**
	 * Owner only: whether a stopper claimed the wake-up of the current wait (so an
	 * {@link InterruptedException} just caught was aimed at the wait).
	 * @return {@code true} if the wait was woken by a stop request
	 */
	public boolean isWaitWoken() {
		int slot = this.waitSlot;
		return slot == WAKING || slot == WOKEN || slot == AWAITED;
	}

	/**
	 * Owner only: leave an exit-aware wait. If a stopper woke it, the wake-up interrupt is consumed here
	 * (whether the wait already consumed it by throwing {@link InterruptedException} or it is still
	 * pending); an unrelated interrupt arriving in the same instant cannot be told apart (a thread has one
	 * interrupt flag) and goes with it, while a hard interrupt this library delivered meanwhile is restored.
	 * @return {@code true} if a stopper woke (or was waking) the wait
	 */
	public boolean endWait() {
		if (WAIT_SLOT.compareAndSet(this, WAITING, IDLE)) {
			return false;
		}
		// The stopper is inside thread.interrupt(), which returns within microseconds to a few hundred (it
		// wakes a carrier or an OS thread): spin, then yield, as parking now would cost a second wake-up; if
		// it still has not returned, it was preempted: park until it has (it then sets WOKEN and unparks).
		for (int round = 0; this.waitSlot == WAKING && SpinPause.beforeBlocking(round);) {
			round = SpinPause.pause(round);
		}
		if (WAIT_SLOT.compareAndSet(this, WAKING, AWAITED)) {
			while (this.waitSlot != WOKEN) {
				// Its interrupt may have landed already (it is consumed below in any case): clear it so that
				// park blocks.
				Thread.interrupted();
				LockSupport.park(this);
			}
		}
		// The stopper's interrupt() has returned: its interrupt is set or was consumed by the wait.
		Thread.interrupted();
		this.waitSlot = IDLE;
		int c;
		for (int round = 0; ((c = this.ctl) & DELIVERING) != 0;) {
			// A hard delivery is in flight: its interrupt may just have been consumed with the wake-up.
			round = SpinPause.pause(round);
		}
		if ((c & DELIVERED) != 0) {
			// A hard interrupt was delivered in the same instant (interrupt mode, interruptible region or
			// escalation); Java has one interrupt flag, so consuming the wake-up also took that one: restore it.
			this.thread.interrupt();
		}
		return true;
	}

	private void wakeWait() {
		int slot = this.waitSlot;
		if (slot == PARKED || slot == UNPARKED) {
			// Unpark even if an earlier wake-up already marked the wait: that one may have been stale (a task's
			// stop arriving after the task ended), leaving the thread to wait on, and this stop must still wake it.
			WAIT_SLOT.compareAndSet(this, PARKED, UNPARKED);
			LockSupport.unpark(this.thread);
			return;
		}
		if (slot == WAITING && WAIT_SLOT.compareAndSet(this, WAITING, WAKING)) {
			try {
				this.thread.interrupt();
			}
			finally {
				if (!WAIT_SLOT.compareAndSet(this, WAKING, WOKEN)) {
					// The owner left its wait meanwhile and parked until this interrupt was in.
					this.waitSlot = WOKEN;
					LockSupport.unpark(this.thread);
				}
			}
		}
	}

	/**
	 * Owner only: publish that the thread is about to park in a parking wait ({@link ParkingWait}), which a
	 * stopper wakes with {@link LockSupport#unpark(Thread)}. The caller must check {@link #isStopRequested()}
	 * after this call and before every park.
	 */
	void beginParkingWait() {
		this.waitSlot = PARKED;
	}

	/**
	 * Owner only: whether a stopper unparked the current parking wait.
	 * @return {@code true} if a stop request woke the wait
	 */
	boolean isParkingWaitWoken() {
		return this.waitSlot == UNPARKED;
	}

	/**
	 * Owner only: leave a parking wait. A stopper's unpark in flight is harmless (see the class Javadoc).
	 */
	void endParkingWait() {
		this.waitSlot = IDLE;
	}

	/**
	 * Whether the thread is blocked (or about to block) in an exit-aware wait.
	 * @return {@code true} while waiting
	 */
	public boolean isWaiting() {
		return this.waitSlot != IDLE;
	}

	/**
	 * Create the {@link ThreadExit} that unwinds this thread. Once its monitor's exit has signalled the threads,
	 * the exit is named, even if the thread was also asked to stop on its own (a straggler's escalation, a
	 * worker stopped while the exit's early callbacks ran): the exit is what the application is doing.
	 * @return a new exception naming the thread and the reason
	 */
	public ThreadExit newThreadExit() {
		TaskScope current = this.scope;
		StopRequestExit.Cause cause;
		if (this.monitor.isStopSignalled()) {
			cause = StopRequestExit.Cause.MONITOR_EXIT;
		}
		else if (this.stopRequested) {
			cause = StopRequestExit.Cause.THREAD_STOP;
		}
		else if (current != null && current.isStopRequested()) {
			cause = StopRequestExit.Cause.TASK_CANCELLED;
		}
		else {
			cause = StopRequestExit.Cause.OTHER;
		}
		return new StopRequestExit(this.thread.getName(), cause, this.monitor);
	}

	@Override
	public String toString() {
		return this.thread.getName() + " [" + (isStopRequested() ? "STOP_REQUESTED" : "RUNNING")
				+ (isInCriticalSection() ? ", CRITICAL" : "") + "]";
	}

}

package dev.exitmonitor;

/**
 * When a thread that was asked to stop also receives a hard {@link Thread#interrupt()}.
 * <p>
 * Whatever the mode, no hard interrupt is delivered inside an {@link Exit#critical() critical section};
 * it waits until the section is left.
 *
 * @since 0.1.0
 */
public enum InterruptMode {

	/**
	 * Hard interrupts are delivered only inside {@link Exit#interruptible()} regions (at once on entry if
	 * a stop was already requested), and the interrupt status is cleared on leaving the region. The
	 * default: library code outside such regions never sees a stray interrupt.
	 */
	COOPERATIVE,

	/**
	 * A stop request also interrupts the thread whenever it is not in a critical section, like
	 * {@code Future.cancel(true)}. Use for code that polls {@link Thread#isInterrupted()} itself.
	 */
	INTERRUPT

}

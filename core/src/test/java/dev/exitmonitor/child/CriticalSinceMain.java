package dev.exitmonitor.child;

import java.time.Duration;
import java.time.Instant;

import dev.exitmonitor.CriticalSection;
import dev.exitmonitor.Exit;
import dev.exitmonitor.ExitMonitor;
import dev.exitmonitor.ExitReason;
import dev.exitmonitor.ThreadReport;

/**
 * Child JVM (a fresh JVM, so that no stop signal was raised yet): dates critical sections of the main
 * thread before and after the first stop signal and prints one {@code CHECK <name> <passed> <details>}
 * line per expectation.
 */
public final class CriticalSinceMain {

	private CriticalSinceMain() {
	}

	public static void main(String[] args) {
		Instant beforeFirst;
		Instant first;
		Instant again;
		Instant afterFirstRead;
		try (CriticalSection section = Exit.critical()) {
			beforeFirst = Instant.now();
			first = criticalSince();
			afterFirstRead = Instant.now();
			again = criticalSince();
		}
		check("untimed-section-dated-by-first-reader", !first.isBefore(beforeFirst) && !first.isAfter(afterFirstRead),
				first + " in [" + beforeFirst + ", " + afterFirstRead + "]");
		check("same-section-same-date", again.equals(first), again + " == " + first);
		check("outside-section-no-date", criticalSinceOrNull() == null, String.valueOf(criticalSinceOrNull()));

		Instant requestedAt;
		Instant datedBySignal;
		try (CriticalSection section = Exit.critical()) {
			awaitClockPast(afterFirstRead);
			ExitMonitor other = ExitMonitor.create("other");
			other.requestExit(ExitReason.requested("raise the first stop signal"));
			requestedAt = other.requestedAt().orElseThrow();
			datedBySignal = criticalSince();
		}
		check("section-older-than-signal-dated-by-signal",
				datedBySignal.isAfter(afterFirstRead) && !datedBySignal.isAfter(requestedAt),
				datedBySignal + " in (" + afterFirstRead + ", " + requestedAt + "]");

		awaitClockPast(requestedAt.plusMillis(20));
		Instant beforeEntry = Instant.now();
		Instant timed;
		Instant afterEntry;
		try (CriticalSection section = Exit.critical()) {
			afterEntry = Instant.now();
			awaitClockPast(afterEntry.plusMillis(20));
			timed = criticalSince();
		}
		// The nanoTime-to-Instant conversion may be off by the clocks' granularity: allow 5 ms either side.
		check("section-after-signal-timed-at-entry",
				timed.isAfter(beforeEntry.minusMillis(5)) && timed.isBefore(afterEntry.plusMillis(5)),
				timed + " in [" + beforeEntry + ", " + afterEntry + "] +- 5 ms");
		System.out.println("DONE");
	}

	private static Instant criticalSince() {
		Instant since = criticalSinceOrNull();
		if (since == null) {
			throw new IllegalStateException("main is not reported inside a critical section");
		}
		return since;
	}

	private static Instant criticalSinceOrNull() {
		return ExitMonitor.global()
			.threads()
			.stream()
			.filter((report) -> report.threadName().equals(Thread.currentThread().getName()))
			.findFirst()
			.map(ThreadReport::criticalSince)
			.orElse(null);
	}

	/** Lets wall-clock time pass (a spin on the clock, not a wait for an event), so that dates differ. */
	private static void awaitClockPast(Instant instant) {
		Instant deadline = instant.plus(Duration.ofMillis(1));
		while (Instant.now().isBefore(deadline)) {
			Thread.onSpinWait();
		}
	}

	private static void check(String name, boolean passed, String details) {
		System.out.println("CHECK " + name + " " + passed + " " + details);
	}

}

package dev.exitmonitor.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RingBufferQueue}: the contract of {@link ParkingBlockingQueueContractTests}, where the filler
 * elements of {@link #queueOf(int, int, String...)} move the head of the ring on, so that the elements run past the
 * end of the circular array and on from its start, plus what only this storage has: removals shift the later
 * elements back around the ring wherever its head stands.
 */
class RingBufferQueueTests extends ParkingBlockingQueueContractTests {

	@Override
	<E> RingBufferQueue<E> newQueue(int capacity) {
		return new RingBufferQueue<>(capacity);
	}

	@Test
	void removalOfAnyElementOfAFullRingKeepsTheOthersInOrderWhereverItsHeadStands() {
		// The contract's tests move the head a few slots on; here the head stands in every slot in turn, so that the
		// later elements are shifted back over the end of the array from every position.
		List<String> elements = List.of("a", "b", "c", "d");
		for (int shift = 0; shift < elements.size(); shift++) {
			for (String removed : elements) {
				for (String removal : List.of("remove(Object)", "iterator.remove")) {
					String description = removal + " of " + removed + " with the head in slot " + shift;
					ParkingBlockingQueue<String> queue = queueOf(4, shift, elements.toArray(new String[0]));
					if (removal.equals("remove(Object)")) {
						assertThat(queue.remove(removed)).as(description).isTrue();
					}
					else {
						Iterator<String> iterator = queue.iterator();
						for (int i = 0; i < elements.indexOf(removed); i++) {
							iterator.next();
						}
						assertThat(iterator.next()).as(description).isEqualTo(removed);
						iterator.remove();
					}
					List<String> rest = new ArrayList<>(elements);
					rest.remove(removed);
					assertThat(queue).as(description).containsExactlyElementsOf(rest);
					assertThat(queue.remainingCapacity()).as(description).isOne();
					assertThat(queue.offer("e")).as(description).isTrue();
					assertThat(queue.offer("f")).as(description).isFalse();
					rest.add("e");
					assertThat(drain(queue)).as(description).containsExactlyElementsOf(rest);
				}
			}
		}
	}

}

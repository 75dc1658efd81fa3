package dev.retinaface.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InterleavedTest {

    @Test
    void roundsRotateTheStartingTaskAfterUntimedWarmups() {
        List<String> calls = new ArrayList<>();
        List<Interleaved.Task> tasks = List.of(new Interleaved.Task("a", () -> calls.add("a")),
                new Interleaved.Task("b", () -> calls.add("b")), new Interleaved.Task("c", () -> calls.add("c")));

        Map<String, long[]> times = Interleaved.run(tasks, 1, 3, 3, Long.MAX_VALUE);

        assertEquals(List.of("a", "b", "c", /* timed: */ "a", "b", "c", "b", "c", "a", "c", "a", "b"), calls);
        assertEquals(List.of("a", "b", "c"), List.copyOf(times.keySet()));
        times.values().forEach(t -> assertEquals(3, t.length));
    }

    @Test
    void theBudgetStopsAfterTheMinimumNumberOfRounds() {
        List<Interleaved.Task> tasks = List.of(new Interleaved.Task("slow", () -> sleep(2)));
        Map<String, long[]> times = Interleaved.run(tasks, 0, 50, 2, 1);
        assertEquals(2, times.get("slow").length);
        long[] t = times.get("slow");
        for (long nanos : t) {
            assertEquals(true, nanos >= 2_000_000L, "a 2 ms task timed at " + nanos + " ns");
        }
        assertThrows(IllegalArgumentException.class, () -> Interleaved.run(List.of(), 0, 1, 1, 1));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

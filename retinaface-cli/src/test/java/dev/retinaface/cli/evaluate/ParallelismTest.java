package dev.retinaface.cli.evaluate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParallelismTest {

    @Test
    void automaticIsOneSingleThreadedWorkerPerCore() {
        assertEquals(new Parallelism(2, 1), Parallelism.choose(2, 0, 0));
        assertEquals(new Parallelism(16, 1), Parallelism.choose(16, 0, 0));
        assertEquals(new Parallelism(1, 1), Parallelism.choose(0, 0, 0));
    }

    @Test
    void aFixedSideSharesTheCoresWithTheOther() {
        assertEquals(new Parallelism(1, 2), Parallelism.choose(2, 1, 0));
        assertEquals(new Parallelism(4, 4), Parallelism.choose(16, 0, 4));
        assertEquals(new Parallelism(3, 1), Parallelism.choose(2, 3, 0));
        assertEquals(new Parallelism(1, 8), Parallelism.choose(2, 0, 8));
        assertEquals(new Parallelism(5, 3), Parallelism.choose(2, 5, 3));
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Parallelism.choose(2, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Parallelism(0, 1));
    }
}

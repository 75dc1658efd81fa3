package dev.retinaface.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Detection runs on its own threads, at the configured niceness, and its errors reach the HTTP thread unchanged. */
class DetectionWorkersTest {

    @Test
    void jobsRunOnLoweredWorkerThreadsAndReturnTheirResult() throws Exception {
        try (DetectionWorkers workers = new DetectionWorkers(2, 7)) {
            String name = workers.call(() -> Thread.currentThread().getName());
            assertTrue(name.startsWith("retinaface-detect-"), name);
            // Linux with renice (as here and in the container): the worker's own niceness is 7
            assertEquals(7, (int) workers.call(ThreadNiceness::currentNiceness));
            assertEquals(2, workers.lowered()); // one thread per job until the pool is full, each lowered
            assertTrue(ThreadNiceness.currentNiceness() != 7, "the caller's niceness is unchanged");
        }
    }

    @Test
    void serviceExceptionsReachTheCallerUnchanged() {
        ServiceException refused = new ServiceException(422, "corrupt_image", "bad");
        try (DetectionWorkers workers = new DetectionWorkers(1, 0)) {
            assertSame(refused, assertThrows(ServiceException.class, () -> workers.call(() -> {
                throw refused;
            })));
        }
    }

    @Test
    void nicenessOutsideTheRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DetectionWorkers(1, 20));
        assertThrows(IllegalArgumentException.class, () -> ThreadNiceness.lowerCurrentThread(-1));
    }
}

package dev.retinaface.core.anchors;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PriorCacheTest {

    private static final PriorConfig REF = PriorConfig.reference();

    @Test
    void returnsTheSameGridForTheSameKeyAndGeneratesEqualValues() {
        PriorCache cache = new PriorCache(4);
        float[] first = cache.get(REF, 480, 640);
        assertSame(first, cache.get(REF, 480, 640));
        assertSame(first, cache.get(PriorConfig.reference(), 480, 640)); // equal config, other instance
        assertArrayEquals(PriorBoxes.generate(REF, 480, 640), first);
        assertNotSame(first, cache.get(REF, 640, 480));
    }

    @Test
    void evictsTheLeastRecentlyUsedGrid() {
        PriorCache cache = new PriorCache(2);
        float[] a = cache.get(REF, 32, 32);
        float[] b = cache.get(REF, 64, 64);
        assertSame(a, cache.get(REF, 32, 32)); // a is now the most recent
        cache.get(REF, 96, 96); // evicts b
        assertEquals(2, cache.size());
        assertSame(a, cache.get(REF, 32, 32));
        assertNotSame(b, cache.get(REF, 64, 64));
    }

    @Test
    void concurrentCallersGetOneConsistentGrid() throws Exception {
        PriorCache cache = new PriorCache(2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int size = 64 + 32 * (i % 3);
                results.add(pool.submit(() -> cache.get(REF, size, size)));
            }
            for (int i = 0; i < results.size(); i++) {
                int size = 64 + 32 * (i % 3);
                assertArrayEquals(PriorBoxes.generate(REF, size, size), results.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(2, cache.size());
    }

    @Test
    void rejectsZeroCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new PriorCache(0));
    }
}

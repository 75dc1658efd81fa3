package dev.retinaface.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How much parallel capacity the machine gives right now: arithmetic done in a fixed time by {@code n} threads
 * over that done by one thread. On an idle machine with {@code n} free cores it is about {@code n}; when other jobs
 * hold the cores it is less, and no program can scale beyond it. Measured beside throughput runs so that their
 * speed-ups can be read against it.
 */
public final class CoreYardstick {

    private static volatile double sink;

    private CoreYardstick() {
    }

    /** Work of {@code threads} threads over work of one, each spinning for {@code millis}. */
    public static double ratio(int threads, long millis) throws InterruptedException {
        long one = spin(millis);
        long[] many = new long[threads];
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int k = i;
            Thread t = new Thread(() -> many[k] = spin(millis), "core-yardstick-" + i);
            running.add(t);
            t.start();
        }
        for (Thread t : running) {
            t.join();
        }
        long total = 0;
        for (long m : many) {
            total += m;
        }
        return one == 0 ? Double.NaN : (double) total / one;
    }

    private static long spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        long blocks = 0;
        double x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 1.0000001 + 1e-9;
            }
            blocks++;
        }
        sink += x;
        return blocks;
    }
}

package dev.retinaface.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times several tasks in rotation so that machine noise (other processes, frequency changes, GC) hits them alike:
 * round {@code r} runs the tasks starting at {@code r mod k}, so each task takes every position equally often.
 */
public final class Interleaved {

    /** One measured piece of work. */
    public record Task(String name, Runnable body) {
    }

    private Interleaved() {
    }

    /**
     * Runs {@code warmups} untimed rounds, then timed rounds until {@code runs} rounds are done or, after at least
     * {@code minRuns}, the timed rounds have taken {@code budgetNanos}.
     *
     * @return nanoseconds per run of each task, by task name, in task order
     */
    public static Map<String, long[]> run(List<Task> tasks, int warmups, int runs, int minRuns, long budgetNanos) {
        if (tasks.isEmpty() || runs < 1) {
            throw new IllegalArgumentException("need at least one task and one run");
        }
        int k = tasks.size();
        for (int round = 0; round < warmups; round++) {
            for (int i = 0; i < k; i++) {
                tasks.get((round + i) % k).body().run();
            }
        }
        List<long[]> times = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            times.add(new long[runs]);
        }
        long start = System.nanoTime();
        int done = 0;
        while (done < runs) {
            for (int i = 0; i < k; i++) {
                int t = (done + i) % k;
                long t0 = System.nanoTime();
                tasks.get(t).body().run();
                times.get(t)[done] = System.nanoTime() - t0;
            }
            done++;
            if (done >= minRuns && System.nanoTime() - start > budgetNanos) {
                break;
            }
        }
        Map<String, long[]> result = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            result.put(tasks.get(i).name(), java.util.Arrays.copyOf(times.get(i), done));
        }
        return result;
    }
}

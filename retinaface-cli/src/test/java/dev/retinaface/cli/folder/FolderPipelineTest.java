package dev.retinaface.cli.folder;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Order, bounds and per-file errors of the folder pipeline, for every thread split bench --folder compares. */
class FolderPipelineTest {

    private static List<Path> files(int n) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(Path.of("img" + i + ".jpg"));
        }
        return files;
    }

    private static int index(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(3, name.length() - 4));
    }

    @Test
    void resultsComeInInputOrderWhateverTheFinishingOrder() throws Exception {
        List<PipelinePlan> plans = new ArrayList<>(PipelinePlan.candidates(3));
        plans.add(PipelinePlan.forThreads(1));
        for (PipelinePlan plan : plans) {
            List<Path> input = files(30);
            List<Integer> seen = new ArrayList<>();
            FolderPipeline<Integer, String> pipeline = new FolderPipeline<>(plan, file -> {
                Thread.sleep(ThreadLocalRandom.current().nextInt(2));
                return index(file);
            }, (file, decoded) -> {
                Thread.sleep(ThreadLocalRandom.current().nextInt(2));
                return "r" + decoded;
            });
            int failed = pipeline.run(input, outcome -> {
                assertEquals("r" + outcome.index(), outcome.result());
                assertEquals(input.get(outcome.index()), outcome.file());
                seen.add(outcome.index());
            });
            assertEquals(0, failed, plan.toString());
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                expected.add(i);
            }
            assertEquals(expected, seen, plan.toString());
        }
    }

    @Test
    void atMostTheWindowIsInFlight() throws Exception {
        PipelinePlan plan = new PipelinePlan(2, 2, 1, 5);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger maxAhead = new AtomicInteger();
        int[] emitted = new int[1];
        new FolderPipeline<Integer, Integer>(plan, file -> {
            int ahead = started.incrementAndGet() - emitted[0];
            maxAhead.accumulateAndGet(ahead, Math::max);
            return index(file);
        }, (file, d) -> d).run(files(100), outcome -> {
            Thread.sleep(1); // a slow output stage: the decoders must wait for it, not run ahead
            synchronized (emitted) {
                emitted[0]++;
            }
        });
        assertTrue(maxAhead.get() <= plan.window() + 1, "in flight: " + maxAhead.get());
    }

    @Test
    void aFailingFileIsReportedAndTheOthersGoOn() throws Exception {
        for (PipelinePlan plan : PipelinePlan.candidates(2)) {
            List<FolderPipeline.Outcome<Integer>> outcomes = new ArrayList<>();
            int failed = new FolderPipeline<Integer, Integer>(plan, file -> {
                int i = index(file);
                if (i == 3) {
                    throw new IOException("cannot decode " + file);
                }
                return i;
            }, (file, d) -> {
                if (d == 7) {
                    throw new IllegalStateException("detector failed");
                }
                return d * 10;
            }).run(files(10), outcomes::add);
            assertEquals(2, failed);
            assertEquals(10, outcomes.size());
            assertInstanceOf(IOException.class, outcomes.get(3).error());
            assertNull(outcomes.get(3).result());
            assertInstanceOf(IllegalStateException.class, outcomes.get(7).error());
            assertEquals(90, outcomes.get(9).result());
        }
    }

    @Test
    void anOutputErrorStopsTheRun() {
        IOException e = assertThrows(IOException.class, () -> new FolderPipeline<Integer, Integer>(
                PipelinePlan.forThreads(2), FolderPipelineTest::index, (f, d) -> d).run(files(20), outcome -> {
                    if (outcome.index() == 5) {
                        throw new IOException("disk full");
                    }
                }));
        assertEquals("disk full", e.getMessage());
    }

    @Test
    void plansAreCheckedAndSplitTheBudget() {
        assertThrows(IllegalArgumentException.class, () -> new PipelinePlan(0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PipelinePlan(0, 2, 1, 1));
        assertEquals(List.of(PipelinePlan.of(0, 1, 1)), PipelinePlan.candidates(1));
        for (PipelinePlan p : PipelinePlan.candidates(2)) {
            assertTrue(p.threads() <= 3, p.toString());
        }
        assertEquals(2, PipelinePlan.forThreads(2).workers());
    }
}

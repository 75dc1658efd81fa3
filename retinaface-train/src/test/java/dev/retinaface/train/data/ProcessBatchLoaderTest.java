package dev.retinaface.train.data;

import dev.retinaface.core.anchors.PriorConfig;
import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.match.MatchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker-process loader gives the thread loader's batches byte for byte, resumes, and skips bad images. */
class ProcessBatchLoaderTest {

    @TempDir
    Path tmp;

    /** Seven JPEG/PNG images with one to three faces each; image {@code broken} (if >= 0) is not an image. */
    private LoaderSpec spec(int broken, int batch, long seed) throws IOException {
        Random random = new Random(3);
        StringBuilder labels = new StringBuilder();
        Path root = tmp.resolve("images");
        Files.createDirectories(root);
        for (int i = 0; i < 7; i++) {
            int w = 120 + 20 * i;
            int h = 100 + 10 * i;
            String name = "img" + i + (i % 2 == 0 ? ".jpg" : ".png");
            if (i == broken) {
                Files.writeString(root.resolve(name), "not an image");
            } else {
                BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        image.setRGB(x, y, random.nextInt(0x1000000));
                    }
                }
                ImageIO.write(image, i % 2 == 0 ? "jpg" : "png", root.resolve(name).toFile());
            }
            labels.append("# ").append(name).append('\n');
            for (int f = 0; f <= i % 3; f++) {
                int x = 5 + 30 * f;
                int y = 10 + 5 * f;
                labels.append(x).append(' ').append(y).append(" 25 30 ")
                        .append(x + 8).append(' ').append(y + 10).append(" 0.0 ")
                        .append(x + 17).append(' ').append(y + 10).append(" 0.0 ")
                        .append(x + 12).append(' ').append(y + 16).append(" 0.0 ")
                        .append(x + 9).append(' ').append(y + 23).append(" 0.0 ")
                        .append(x + 16).append(' ').append(y + 23).append(" 0.0 0.9\n");
            }
        }
        Path file = tmp.resolve("label.txt");
        Files.writeString(file, labels, StandardCharsets.UTF_8);
        return new LoaderSpec(file, root, 0, AugmentConfig.reference(96), PriorConfig.reference(),
                MatchConfig.reference(), batch, seed);
    }

    private static BatchLoader threads(LoaderSpec spec) throws IOException {
        AnchorMatcher matcher = AnchorMatcher.of(spec.anchors(), 96, 96, spec.match());
        return new BatchLoader(spec.trainingSet(), new Augmenter(spec.augment()), matcher, spec.batchSize(), spec.seed(), 2);
    }

    private static List<Batch> all(Iterator<Batch> it) {
        List<Batch> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static void assertSame(List<Batch> expected, List<Batch> actual) {
        assertEquals(expected.size(), actual.size());
        for (int b = 0; b < expected.size(); b++) {
            Batch e = expected.get(b);
            Batch a = actual.get(b);
            assertEquals(e.size(), a.size(), "images in batch " + b);
            assertArrayEquals(e.images(), a.images(), "pixels of batch " + b);
            for (int i = 0; i < e.size(); i++) {
                assertArrayEquals(e.targets().get(i).labels(), a.targets().get(i).labels());
                assertArrayEquals(e.targets().get(i).boxes(), a.targets().get(i).boxes());
                assertArrayEquals(e.targets().get(i).landmarks(), a.targets().get(i).landmarks());
            }
        }
    }

    @Test
    void workerProcessesGiveTheThreadLoadersBatchesByteForByte() throws Exception {
        LoaderSpec spec = spec(-1, 3, 11);
        try (BatchLoader reference = threads(spec);
             ProcessBatchLoader processes = ProcessBatchLoader.start(spec, 2, 2)) {
            assertEquals(3, processes.batchesPerEpoch());
            for (int epoch = 0; epoch < 2; epoch++) {
                List<Batch> expected = all(reference.epoch(epoch, 0));
                assertEquals(List.of(3, 3, 1), expected.stream().map(Batch::size).toList());
                assertSame(expected, all(processes.epoch(epoch, 0)));
            }
            // exact resume at batch 1, and an abandoned epoch does not disturb the next one
            Iterator<Batch> abandoned = processes.epoch(5, 0);
            abandoned.next();
            assertSame(all(reference.epoch(3, 1)), all(processes.epoch(3, 1)));
            assertEquals(0, processes.skippedSamples());
        }
    }

    @Test
    void withoutPrefetchTheBatchesAreTheSame() throws Exception {
        LoaderSpec spec = spec(-1, 4, 5);
        try (BatchLoader reference = threads(spec);
             ProcessBatchLoader processes = ProcessBatchLoader.start(spec, 1, 0)) {
            assertSame(all(reference.epoch(2, 0)), all(processes.epoch(2, 0)));
        }
    }

    @Test
    void anUnreadableImageIsSkippedAndCountedAsByTheThreadLoader() throws Exception {
        LoaderSpec spec = spec(4, 7, 1);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<Batch> expected;
        List<Batch> actual;
        int skippedThreads;
        int skippedProcesses;
        try (BatchLoader reference = threads(spec);
             ProcessBatchLoader processes = ProcessBatchLoader.start(spec, 2, 2)) {
            expected = all(reference.epoch(0, 0));
            actual = all(processes.epoch(0, 0));
            skippedThreads = reference.skippedSamples();
            skippedProcesses = processes.skippedSamples();
        } finally {
            System.setErr(err);
        }
        assertEquals(1, skippedThreads);
        assertEquals(1, skippedProcesses);
        assertEquals(6, actual.get(0).size());
        assertSame(expected, actual);
        String lines = captured.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("skipping training sample (1 so far): "), lines);
        assertTrue(lines.contains("img4.jpg"), lines);
    }

    @Test
    void aBatchOfOnlyUnreadableImagesIsAnError() throws Exception {
        LoaderSpec spec = spec(4, 1, 1);
        PrintStream err = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (ProcessBatchLoader processes = ProcessBatchLoader.start(spec, 1, 1)) {
            assertThrows(UncheckedIOException.class, () -> all(processes.epoch(0, 0)));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void theWorkersEndWithTheLoader() throws Exception {
        LoaderSpec spec = spec(-1, 3, 2);
        List<ProcessHandle> children;
        try (ProcessBatchLoader processes = ProcessBatchLoader.start(spec, 2, 1)) {
            processes.epoch(0, 0).next();
            children = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains(LoaderWorker.class.getName())).toList();
            assertEquals(2, children.size());
        }
        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), "worker " + child.pid() + " still running");
        }
    }
}

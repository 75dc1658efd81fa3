package dev.retinaface.train.data;

import dev.retinaface.core.data.RetinaFaceLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hold-out split of a label file: disjoint, complete, spread over the file. */
class HoldoutSplitTest {

    @TempDir
    Path tmp;

    @Test
    void holdoutSplitIsDisjointCompleteAndSpread() throws Exception {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            labels.append("# e/").append(i).append(".jpg\n1 1 5 5\n");
        }
        Path file = Files.writeString(tmp.resolve("label.txt"), labels);
        HoldoutSplit split = HoldoutSplit.write(file, 3, tmp.resolve("out"));
        List<String> train = names(split.trainLabels());
        List<String> held = names(split.holdoutLabels());
        assertEquals(List.of("e/1.jpg", "e/5.jpg", "e/8.jpg"), held);
        assertEquals(7, train.size());
        Set<String> all = new HashSet<>(train);
        all.addAll(held);
        assertEquals(10, all.size());
        assertThrows(IllegalArgumentException.class, () -> HoldoutSplit.write(file, 10, tmp.resolve("out2")));
    }

    private static List<String> names(Path labels) throws Exception {
        return RetinaFaceLabels.read(labels).stream().map(i -> i.relativePath()).toList();
    }
}

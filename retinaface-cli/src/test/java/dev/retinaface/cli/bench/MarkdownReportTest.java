package dev.retinaface.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownReportTest {

    private static Stats ms(double median) {
        return new Stats(10, median, median * 0.9, median * 1.2, median * 0.8);
    }

    @Test
    void rendersRowsRatiosAndTargetVerdicts() {
        MachineInfo machine = new MachineInfo(2, "Test CPU", "17", "1.23.2", "Linux");
        List<SpeedBench.Cell> cells = List.of(
                new SpeedBench.Cell(new FrameSize(640, 480), 1, 1, ms(20), ms(21), ms(21.5), ms(0.5), ms(0.2), 7,
                        0.95, 1.07),
                new SpeedBench.Cell(new FrameSize(1920, 1080), 0, 2, ms(150), null, ms(160), ms(3), ms(2), 40,
                        Double.NaN, 1.2),
                new SpeedBench.Cell(new FrameSize(640, 480), 0, 2, ms(12), ms(10), ms(15), ms(0.5), ms(0.2), 7,
                        1.2, 1.25));
        String md = MarkdownReport.render(new MarkdownReport.Content(machine, "retinaface bench --runs 10",
                "synthetic", "0.1 0.1 0.1", "0.2 0.2 0.2", cells, null, "--cold-runs 0", 204800, 12.3, List.of("n1")));

        assertTrue(md.contains("| 640x480 | 1 | 10 | 20.0 (18.0-24.0) | 21.0 (18.9-25.2) | 0.95x | 21.5 (19.4-25.8) | 1.07x "
                + "| 0.50 (0.45-0.60) | 0.20 (0.18-0.24) | 7 |"), md);
        assertTrue(md.contains("| 1920x1080 | all (2) | 10 | 150 (135-180) | n/a | n/a | 160 (144-192) | 1.20x |"), md);
        assertTrue(md.contains("- 640x480, threads 1: ours/export 0.950x met (medians 0.952x, fastest 0.952x); "
                + "e2e/model 1.070x met"), md);
        assertTrue(md.contains("- 640x480, threads all: ours/export 1.200x **missed**"), md);
        assertTrue(md.contains("e2e/model 1.250x **missed**"), md);
        assertTrue(md.contains("- 1920x1080, threads all: no export; e2e/model 1.200x (medians"), md);
        assertTrue(md.contains("- skipped: --cold-runs 0"), md);
        assertTrue(md.contains("): 200 MiB"), md);
        assertTrue(md.contains("2 cores, Test CPU"), md);
        assertTrue(md.contains("- n1"), md);
    }
}

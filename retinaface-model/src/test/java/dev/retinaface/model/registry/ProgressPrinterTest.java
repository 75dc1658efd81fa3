package dev.retinaface.model.registry;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressPrinterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now;

    @Test
    void withoutATerminalPrintsOneLinePerTenPercent() {
        ProgressPrinter p = new ProgressPrinter(out, false, () -> now);
        p.started("m.pth", URI.create("https://example.org/m.pth"), 2_000_000);
        for (long done = 100_000; done <= 2_000_000; done += 100_000) {
            now += 50_000_000L; // 0.05 s per 0.1 MB: 2 MB/s
            p.advanced(done);
        }
        p.finished();

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("Downloading m.pth (2.0 MB) from https://example.org/m.pth", lines.get(0));
        assertEquals("  m.pth:  10% (0.2 of 2.0 MB, 2.0 MB/s)", lines.get(1));
        assertEquals("  m.pth: 100% (2.0 of 2.0 MB, 2.0 MB/s)", lines.get(10));
        assertEquals("  m.pth: done, SHA-256 verified", lines.get(11));
        assertEquals(12, lines.size());
    }

    @Test
    void aSourceFailingBeforeItsTransferIsNamed() {
        ProgressPrinter p = new ProgressPrinter(out, false, () -> now);
        p.failed("m.pth", URI.create("https://example.org/m.pth"), "HTTP 404");
        assertEquals("  m.pth: https://example.org/m.pth failed: HTTP 404" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTransferAcceptedByItsTensorsAndANoteEachPrintTheirLine() {
        ProgressPrinter p = new ProgressPrinter(out, true, () -> now);
        p.started("m.pth", URI.create("https://example.org/m.pth"), 1000);
        now = 1_000_000_000L;
        p.advanced(1000);
        p.finishedWithSameTensors("the download: bytes differ from the registry's copy but the tensors are identical");
        p.note("m.pth", "/cache/m.pth: bytes differ");

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("  m.pth: done; the download: bytes differ from the registry's copy but the tensors are identical",
                lines.get(lines.size() - 2));
        assertEquals("  m.pth: /cache/m.pth: bytes differ", lines.get(lines.size() - 1));
    }

    @Test
    void aBigJumpPrintsEveryStepItPasses() {
        ProgressPrinter p = new ProgressPrinter(out, false, () -> now);
        p.started("m.pth", URI.create("https://example.org/m.pth"), 1000);
        now = 1_000_000_000L;
        p.advanced(350);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).startsWith("  m.pth:  30%"), lines.get(3));
    }

    @Test
    void onATerminalRedrawsOneBarInPlace() {
        ProgressPrinter p = new ProgressPrinter(out, true, () -> now);
        p.started("m.pth", URI.create("https://example.org/m.pth"), 1_000_000);
        now = 500_000_000L;
        p.advanced(500_000);
        now = 1_000_000_000L;
        p.advanced(1_000_000);
        p.failed("m.pth", URI.create("https://example.org/m.pth"), "SHA-256 mismatch");

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\r   50% [###############               ] 0.5/1.0 MB  1.0 MB/s"), text);
        assertTrue(text.contains("\r  100% [" + "#".repeat(30) + "] 1.0/1.0 MB  1.0 MB/s"), text);
        assertTrue(text.endsWith("\n  m.pth: https://example.org/m.pth failed: SHA-256 mismatch" + System.lineSeparator()), text);
    }
}

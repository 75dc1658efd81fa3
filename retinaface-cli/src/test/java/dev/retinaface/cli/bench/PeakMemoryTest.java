package dev.retinaface.cli.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeakMemoryTest {

    @Test
    void readsVmHwmFromProcStatusLines() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t  123456 kB", "VmRSS:\t 100 kB");
        assertEquals(OptionalLong.of(123456), PeakMemory.parseStatus(status));
        assertEquals(OptionalLong.empty(), PeakMemory.parseStatus(List.of("Name:\tjava")));
    }

    @Test
    void findsTheReportLineAmongOtherOutput() {
        List<String> stderr = List.of("1 image(s), 3 face(s)", PeakMemory.LINE_PREFIX + "204800");
        assertEquals(Optional.of(204800L), PeakMemory.parseReport(stderr));
        assertEquals(Optional.empty(), PeakMemory.parseReport(List.of("nothing")));
    }

    @Test
    void thisProcessHasAPeakOnLinux() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc");
        long kib = PeakMemory.ofThisProcess().orElseThrow();
        long used = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024;
        assertTrue(kib > used / 2, "peak " + kib + " KiB vs heap in use " + used + " KiB");
    }
}

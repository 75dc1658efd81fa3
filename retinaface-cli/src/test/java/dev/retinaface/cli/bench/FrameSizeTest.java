package dev.retinaface.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameSizeTest {

    @Test
    void parsesACommaSeparatedList() {
        assertEquals(List.of(new FrameSize(640, 480), new FrameSize(3840, 2160)),
                FrameSize.parseList("640x480, 3840X2160"));
        assertEquals(307_200L, new FrameSize(640, 480).pixels());
        assertEquals("1920x1080", new FrameSize(1920, 1080).toString());
    }

    @Test
    void badSizesNameTheOffendingPart() {
        String msg = assertThrows(IllegalArgumentException.class, () -> FrameSize.parseList("640x480,1080p"))
                .getMessage();
        assertEquals("bad size '1080p' in --sizes: use WIDTHxHEIGHT, e.g. 640x480", msg);
        assertThrows(IllegalArgumentException.class, () -> FrameSize.parseList("0x10"));
    }
}

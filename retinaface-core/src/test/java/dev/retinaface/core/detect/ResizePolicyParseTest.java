package dev.retinaface.core.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResizePolicyParseTest {

    @Test
    void parsesEveryForm() {
        assertEquals(new ResizePolicy.Original(), ResizePolicy.parse("original"));
        assertEquals(new ResizePolicy.ShortSide(1600, 2150), ResizePolicy.parse("short:1600:2150"));
        assertEquals(new ResizePolicy.LongSide(640), ResizePolicy.parse(" LONG:640 "));
        assertEquals(new ResizePolicy.FixedScale(0.5), ResizePolicy.parse("scale:0.5"));
    }

    @Test
    void textIsWhatParseReadsBack() {
        assertEquals("short:1600:2150", new ResizePolicy.ShortSide(1600, 2150).text());
        for (String text : new String[] {"original", "short:1600:2150", "long:640", "scale:0.5"}) {
            ResizePolicy p = ResizePolicy.parse(text);
            assertEquals(text, p.text());
            assertEquals(p, ResizePolicy.parse(p.text()));
        }
    }

    @Test
    void rejectsMalformedPolicies() {
        for (String bad : new String[] {"", "short:1600", "long:x", "scale", "original:1", "zoom:2", ":", "::", "long:"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResizePolicy.parse(bad));
            assertTrue(e.getMessage().contains("short:S:L"), e.getMessage());
        }
    }
}

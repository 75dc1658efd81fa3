package dev.retinaface.core.image;

import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects a decoder's warnings. Decoders report truncated or damaged data as warnings and fill the missing pixels
 * with grey; those warnings are turned into errors. Harmless ones (extraneous bytes between markers, unknown chunks)
 * are tolerated, as OpenCV tolerates them.
 */
final class ReadWarnings implements IIOReadWarningListener {

    // Kept narrow on purpose: readers also warn about things that do not touch the pixels (an invalid ICC profile
    // that is then ignored, a missing optional TIFF tag), and those files should still load.
    private static final String[] FATAL = {"premature", "truncat", "corrupt", "unexpected end", "end of file",
            "end of stream", "eof", "bad huffman"};
    private static final String[] BENIGN = {"extraneous bytes"};

    private final List<String> warnings = new ArrayList<>();

    @Override
    public void warningOccurred(ImageReader source, String warning) {
        warnings.add(warning);
    }

    /** The first warning that means damaged or missing pixel data, or null. */
    String firstFatal() {
        for (String warning : warnings) {
            if (isFatal(warning)) {
                return warning;
            }
        }
        return null;
    }

    static boolean isFatal(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        for (String benign : BENIGN) {
            if (w.contains(benign)) {
                return false;
            }
        }
        for (String fatal : FATAL) {
            if (w.contains(fatal)) {
                return true;
            }
        }
        return false;
    }
}

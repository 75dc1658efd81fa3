package dev.retinaface.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Image folders as FFmpeg image sequences. */
final class ImageSequence {

    private ImageSequence() {
    }

    /** A glob ({@code DIR/*.png}) for the most common image extension in the folder, or empty when there is none. */
    static Optional<String> globFor(Path folder) {
        String[] exts = {"png", "jpg", "jpeg", "bmp"};
        int[] counts = new int[exts.length];
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                for (int i = 0; i < exts.length; i++) {
                    if (n.endsWith("." + exts[i])) {
                        counts[i]++;
                    }
                }
            });
        } catch (IOException e) {
            return Optional.empty();
        }
        int best = -1;
        for (int i = 0; i < exts.length; i++) {
            if (counts[i] > 0 && (best < 0 || counts[i] > counts[best])) {
                best = i;
            }
        }
        return best < 0 ? Optional.empty()
                : Optional.of(folder.toAbsolutePath().toString().replace("*", "\\*") + "/*." + exts[best]);
    }
}

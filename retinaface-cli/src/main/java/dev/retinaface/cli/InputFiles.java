package dev.retinaface.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands command-line inputs into image files: files as given, folders recursively (image extensions
 * only, sorted), and list files (one path per line, relative to the list's folder; '#' starts a comment).
 */
final class InputFiles {

    static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

    private InputFiles() {
    }

    /** Files and folders as inputs; missing paths are kept so the batch reports them as failures. */
    static List<Path> expand(List<Path> inputs, List<Path> listFiles) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path list : listFiles) {
            if (!Files.isRegularFile(list)) {
                throw new IOException("list file " + list + " does not exist");
            }
            Path base = list.toAbsolutePath().getParent();
            for (String line : Files.readAllLines(list)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    files.add(base.resolve(t).normalize());
                }
            }
        }
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).filter(InputFiles::looksLikeImage).sorted().forEach(files::add);
                }
            } else {
                files.add(input);
            }
        }
        return files;
    }

    static boolean looksLikeImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}

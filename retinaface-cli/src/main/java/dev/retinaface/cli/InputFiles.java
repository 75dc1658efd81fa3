package dev.retinaface.cli;

import dev.retinaface.core.data.FolderListing;
import dev.retinaface.core.data.TextLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Expands command-line inputs into image files: files as given, folders recursively (image extensions
 * only, sorted), and list files (one path per line, relative to the list's folder; '#' starts a comment).
 * A folder or file that cannot be read does not stop the expansion: it comes back as a problem with its reason.
 */
final class InputFiles {

    static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

    private InputFiles() {
    }

    /**
     * Files and folders as inputs; missing paths are kept so the batch reports them as failures, unreadable
     * folders inside the inputs are returned as problems.
     *
     * @throws IOException when a list file is missing or not a text file (the list itself is the user's mistake)
     */
    static FolderListing expand(List<Path> inputs, List<Path> listFiles) throws IOException {
        List<Path> files = new ArrayList<>();
        List<FolderListing.Problem> problems = new ArrayList<>();
        for (Path list : listFiles) {
            if (!Files.isRegularFile(list)) {
                throw new IOException("list file " + list + " does not exist");
            }
            Path base = list.toAbsolutePath().getParent();
            TextLines lines = TextLines.read(list);
            while (lines.hasNext()) {
                String t = lines.next("a path");
                if (!t.isEmpty() && !t.startsWith("#")) {
                    files.add(base.resolve(t).normalize());
                }
            }
        }
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                FolderListing listing = FolderListing.of(input, Integer.MAX_VALUE, InputFiles::looksLikeImage);
                files.addAll(listing.files());
                problems.addAll(listing.problems());
            } else {
                files.add(input);
            }
        }
        return new FolderListing(files, problems);
    }

    static boolean looksLikeImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}

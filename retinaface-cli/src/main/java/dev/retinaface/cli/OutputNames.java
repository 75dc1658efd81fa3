package dev.retinaface.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names of the files {@code detect} writes per input image ({@code --annotate}, {@code --align}): the input tree
 * mirrored below the output folder, so that {@code photos/a/1.jpg} and {@code photos/b/1.jpg} give {@code a/1} and
 * {@code b/1}. An image found in a folder input is named relative to that folder, one from a list file relative to
 * the list's folder, one given directly by its file name. Names that would still clash (two inputs with the same
 * relative path, or {@code 1.jpg} beside {@code 1.png}) keep their extension ({@code 1_png}) and then get a number
 * ({@code 1_2}), in input order, so no output overwrites another.
 */
final class OutputNames {

    private final Map<Path, String> stems = new HashMap<>();

    private OutputNames() {
    }

    /**
     * Names for {@code files}, the expansion of {@code inputs} and {@code listFiles} by {@link InputFiles#expand}.
     */
    static OutputNames of(List<Path> inputs, List<Path> listFiles, List<Path> files) {
        List<Path> roots = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                roots.add(input);
            }
        }
        for (Path list : listFiles) {
            roots.add(list.toAbsolutePath().getParent());
        }
        OutputNames names = new OutputNames();
        Set<String> taken = new HashSet<>();
        for (Path file : files) {
            if (!names.stems.containsKey(file)) {
                names.stems.put(file, unique(relativeName(file, roots), file, taken));
            }
        }
        return names;
    }

    /**
     * The output file for {@code file} in {@code dir}: its name without extension, then {@code suffix} (e.g.
     * {@code ".png"} or {@code "_face0.png"}). The parent folder may not exist yet.
     */
    Path resolve(Path dir, Path file, String suffix) {
        String stem = stems.get(file);
        if (stem == null) {
            throw new IllegalArgumentException(file + " is not one of the inputs");
        }
        return dir.resolve(stem + suffix);
    }

    /** Path below its root with '/' separators and no extension; the file name alone when under no root. */
    private static String relativeName(Path file, List<Path> roots) {
        for (Path root : roots) {
            if (root != null && file.startsWith(root) && !file.equals(root)) {
                return withoutExtension(root.relativize(file).toString().replace('\\', '/'));
            }
        }
        return withoutExtension(String.valueOf(file.getFileName()));
    }

    private static String unique(String name, Path file, Set<String> taken) {
        String key = name.toLowerCase(Locale.ROOT); // case-insensitive file systems
        if (taken.add(key)) {
            return name;
        }
        String withExtension = name + "_" + extension(file);
        if (!extension(file).isEmpty() && taken.add(withExtension.toLowerCase(Locale.ROOT))) {
            return withExtension;
        }
        for (int n = 2; ; n++) {
            String numbered = name + "_" + n;
            if (taken.add(numbered.toLowerCase(Locale.ROOT))) {
                return numbered;
            }
        }
    }

    private static String withoutExtension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) : path;
    }

    private static String extension(Path file) {
        String name = String.valueOf(file.getFileName());
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1) : "";
    }
}

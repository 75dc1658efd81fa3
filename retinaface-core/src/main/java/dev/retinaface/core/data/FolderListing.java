package dev.retinaface.core.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * The regular files under a folder, walked to a depth and sorted, with every folder or file that could not be
 * read kept as a {@link Problem} (path and reason) instead of ending the walk. Symbolic links are followed; a link
 * loop is a problem too.
 *
 * @param files    the files accepted by the filter, sorted
 * @param problems what could not be read, in walk order
 */
public record FolderListing(List<Path> files, List<Problem> problems) {

    /** A path that could not be read, and why, in words. */
    public record Problem(Path path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }

    public FolderListing {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    /**
     * Walks {@code root} down to {@code maxDepth} levels (1: its own entries) and keeps the regular files that
     * {@code accept} takes (it sees the path relative to {@code root}).
     */
    public static FolderListing of(Path root, int maxDepth, Predicate<Path> accept) {
        List<Path> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), maxDepth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && accept.test(root.relativize(file))) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(new Problem(file, reason(e)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) { // the listing broke off part way
                        problems.add(new Problem(dir, reason(e)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) { // not thrown by this visitor; kept for the signature
            problems.add(new Problem(root, reason(e)));
        }
        files.sort(null);
        return new FolderListing(files, problems);
    }

    /** An I/O failure in words: "permission denied", "no such file or folder", "symbolic link loop", ... */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "cannot read the folder or file (permission denied)";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileSystemLoopException) {
            return "symbolic link loop";
        }
        String m = e.getMessage();
        return "cannot read (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")";
    }
}

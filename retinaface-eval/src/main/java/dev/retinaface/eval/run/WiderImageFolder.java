package dev.retinaface.eval.run;

import dev.retinaface.core.data.FolderListing;
import dev.retinaface.eval.widerface.WiderGroundTruth;
import dev.retinaface.eval.widerface.WiderImageId;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The images of a WIDER FACE {@code images} folder: {@code DIR/<event>/<name>.jpg}, the layout of
 * {@code WIDER_val/images}. Files directly in {@code DIR}, deeper files and non-JPEG files are left alone.
 */
public final class WiderImageFolder {

    private WiderImageFolder() {
    }

    /**
     * The images under {@code dir}, ordered by event then name.
     *
     * @throws IllegalArgumentException when {@code dir} is not a folder or holds no {@code <event>/<name>.jpg}
     */
    public static List<WiderImage> scan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("images folder not found: " + dir
                    + " (expected the WIDER_val/images layout <event>/<name>.jpg)");
        }
        List<WiderImage> images = new ArrayList<>();
        FolderListing listing = FolderListing.of(dir, 2, p -> p.getNameCount() == 2 && isJpeg(p));
        if (!listing.problems().isEmpty()) { // an AP over part of the images would be wrong, so refuse
            throw new IOException("cannot read " + listing.problems().size() + " folder(s) or file(s) under " + dir
                    + ", e.g. " + listing.problems().get(0) + "; the evaluation needs every image");
        }
        listing.files().forEach(p -> images.add(new WiderImage(idOf(p), p)));
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images <event>/<name>.jpg under " + dir
                    + " (give the folder that holds the event folders, e.g. WIDER_val/images)");
        }
        return images;
    }

    /**
     * Checks that every image is part of the ground truth, before any time is spent detecting.
     *
     * @throws IllegalArgumentException naming up to five images the ground truth lacks
     */
    public static void requireKnown(List<WiderImage> images, WiderGroundTruth groundTruth) {
        List<WiderImageId> unknown = images.stream().map(WiderImage::id)
                .filter(id -> groundTruth.image(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(unknown.size() + " image(s) not in the ground truth ("
                    + groundTruth.size() + " images), e.g. " + unknown.subList(0, Math.min(5, unknown.size()))
                    + ": is --images a WIDER FACE val folder and --gt its eval_tools/ground_truth?");
        }
    }

    private static boolean isJpeg(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    private static WiderImageId idOf(Path file) {
        String name = file.getFileName().toString();
        return new WiderImageId(file.getParent().getFileName().toString(), name.substring(0, name.lastIndexOf('.')));
    }
}

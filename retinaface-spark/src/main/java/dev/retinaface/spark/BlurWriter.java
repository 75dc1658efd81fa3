package dev.retinaface.spark;

import dev.retinaface.core.anonymize.AnonymizeConfig;
import dev.retinaface.core.anonymize.FaceAnonymizer;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.image.ImageWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the anonymised copy of an image (faces masked by the shared {@link FaceAnonymizer}, default style) under a
 * target folder on any Hadoop file system, at the image's path relative to the input folder it came from. A rerun
 * overwrites the copy, so retried tasks and resumed jobs stay idempotent. JPEG inputs stay JPEG; others become PNG.
 */
final class BlurWriter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String target;
    private final List<String> inputRoots;
    private transient Configuration hadoop;

    /**
     * @param target     qualified target folder URI
     * @param inputRoots qualified input folder URIs, to name copies by their relative path
     */
    BlurWriter(String target, List<String> inputRoots, Configuration hadoop) {
        this.target = target.replaceAll("/+$", "");
        this.inputRoots = List.copyOf(inputRoots);
        this.hadoop = hadoop;
    }

    /** The target path of the copy of {@code path}. */
    String targetOf(String path) {
        String relative = null;
        for (String root : inputRoots) {
            String prefix = root.endsWith("/") ? root : root + "/";
            if (path.startsWith(prefix) && (relative == null || path.length() - prefix.length() < relative.length())) {
                relative = path.substring(prefix.length());
            }
        }
        if (relative == null) {
            relative = path.substring(path.lastIndexOf('/') + 1);
        }
        String lower = relative.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png"))) {
            relative = relative + ".png";
        }
        return target + "/" + relative;
    }

    void write(String path, BufferedImage image, List<Face> faces) throws IOException {
        List<Box> boxes = faces.stream().map(Face::box).toList();
        BufferedImage masked = new FaceAnonymizer(AnonymizeConfig.defaults()).apply(image, boxes);
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(targetOf(path));
        String name = out.getName();
        Path local = Files.createTempFile("retinaface-blur-", name.substring(name.lastIndexOf('.')));
        try {
            ImageWriter.write(masked, local);
            FileSystem fs = out.getFileSystem(hadoop);
            fs.mkdirs(out.getParent());
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), out);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        hadoop.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        hadoop = new Configuration(false);
        hadoop.readFields(in);
    }
}

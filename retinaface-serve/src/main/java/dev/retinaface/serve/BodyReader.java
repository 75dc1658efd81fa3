package dev.retinaface.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a request body completely, before any detection slot is taken, with a size limit (413) and a limit on the
 * total time (408), so a client that trickles its body is cut off and never holds a worker. Gaps between bytes are
 * bounded by the connector's idle timeout.
 */
final class BodyReader {

    private BodyReader() {
    }

    static byte[] read(InputStream in, long declaredLength, long maxBytes, long timeoutNanos) throws IOException {
        if (declaredLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        long end = System.nanoTime() + timeoutNanos;
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 64 * 1024);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
            if (System.nanoTime() - end > 0) {
                throw new ServiceException(408, "body_timeout", "The request body arrived too slowly.");
            }
        }
        return out.toByteArray();
    }

    private static ServiceException tooLarge(long maxBytes) {
        return new ServiceException(413, "body_too_large", String.format(Locale.ROOT,
                "The request body is larger than this service accepts (%.1f MB).", maxBytes / 1048576.0));
    }
}

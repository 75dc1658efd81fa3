package dev.retinaface.serve;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds one field of a {@code multipart/form-data} body held in memory (the body is read, with its limits, before
 * it gets here; no temporary files).
 */
final class MultipartBody {

    private MultipartBody() {
    }

    /** The bytes of field {@code name}; 400 when the body is malformed or has no such field. */
    static byte[] field(byte[] body, String contentType, String name) {
        String boundary = boundary(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int headerStart = pos + delimiter.length;
            if (headerStart + 2 <= body.length && body[headerStart] == '-' && body[headerStart + 1] == '-') {
                break;
            }
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headerStart);
            if (headerEnd < 0) {
                break;
            }
            String headers = new String(body, headerStart, headerEnd - headerStart, StandardCharsets.ISO_8859_1);
            int dataStart = headerEnd + 4;
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), dataStart);
            if (next < 0) {
                break;
            }
            if (names(headers, name)) {
                byte[] data = new byte[next - dataStart];
                System.arraycopy(body, dataStart, data, 0, data.length);
                return data;
            }
            pos = next + 2;
        }
        throw ServiceException.badRequest("missing_image",
                "The multipart form has no field named '" + name + "' holding the image.");
    }

    private static boolean names(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:") && (lower.contains("name=\"" + name + "\"")
                    || lower.contains("name=" + name + ";") || lower.endsWith("name=" + name))) {
                return true;
            }
        }
        return false;
    }

    private static String boundary(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                if (b.startsWith("\"") && b.endsWith("\"") && b.length() >= 2) {
                    b = b.substring(1, b.length() - 1);
                }
                if (!b.isEmpty()) {
                    return b;
                }
            }
        }
        throw ServiceException.badRequest("bad_multipart", "The multipart form has no boundary.");
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

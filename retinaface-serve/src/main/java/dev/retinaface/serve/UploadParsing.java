package dev.retinaface.serve;

import java.util.Locale;

/**
 * The pure parsing steps of an image request, apart from the HTTP plumbing so they can be tested and fuzzed on
 * their own: which body types are accepted, where the image is in the body, and the bearer token. Every refusal is a
 * {@link ServiceException} in the service's words; nothing here reads a socket or a file.
 */
final class UploadParsing {

    private UploadParsing() {
    }

    /** True for {@code multipart/form-data}, false for a raw image body; 415 for any other declared type. */
    static boolean multipart(String contentType) {
        String type = contentType == null ? "" : contentType.trim().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            return true;
        }
        if (type.isEmpty() || type.startsWith("image/") || type.startsWith("application/octet-stream")) {
            return false;
        }
        throw new ServiceException(415, "unsupported_media_type",
                "Send the image as the raw body (image/* or application/octet-stream) or as multipart field 'image'.");
    }

    /** The image bytes of a body read in full: the body itself, or multipart field {@code image}. */
    static byte[] image(String contentType, byte[] body) {
        return multipart(contentType) ? MultipartBody.field(body, contentType, "image") : body;
    }

    /**
     * The API key a request presents: the {@code Authorization: Bearer KEY} token, else the {@code api_key} query
     * parameter (the WebSocket's way), else null.
     */
    static String bearerToken(String authorization, String queryKey) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return queryKey;
    }
}

package dev.retinaface.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Fuzz target for the service's request parsing: query parameters ({@link RequestOptions}), the content type and
 * multipart body ({@link UploadParsing}, {@link MultipartBody}), the bearer token, and the memory plan the options
 * give for an image size ({@link ImagePlan}). A hostile request may only be refused with a 4xx
 * {@link ServiceException} (or, for a plan, the {@link IllegalArgumentException} the engine words as 400); any other
 * exception would be a 500 and is a finding, as is a plan with a negative or overflowing estimate.
 *
 * <p>Input, as ISO-8859-1 lines: the raw query string ({@code a=b&c=d}), the content type, the Authorization
 * header, then the body. Seeds in {@code RequestParsingFuzzTestInputs/request/}. {@code ./fuzz request 10} fuzzes.
 */
class RequestParsingFuzzTest {

    private static final ServiceConfig CONFIG = ServiceConfig.defaults();

    @FuzzTest(maxDuration = "10m")
    void request(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", 4);
        String query = lines[0];
        String contentType = lines.length > 1 ? lines[1] : null;
        String authorization = lines.length > 2 ? lines[2] : null;
        byte[] body = lines.length > 3 ? lines[3].getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
        Map<String, String> params = queryParams(query);

        UploadParsing.bearerToken(authorization, params.get("api_key"));
        try {
            byte[] image = UploadParsing.image(contentType, body);
            if (image == null || image.length > body.length) {
                throw new IllegalStateException("image part larger than the body");
            }
        } catch (ServiceException e) {
            requireClientError(e);
        }
        RequestOptions options;
        try {
            options = RequestOptions.parse(params::get, CONFIG.detector());
        } catch (ServiceException e) {
            requireClientError(e);
            return;
        }
        int h = text.hashCode();
        int[][] sizes = {{1, 1}, {7000, 7000}, {50_000_000, 1}, {1, 50_000_000}, {1 + (h & 0x3fff), 1 + ((h >>> 14) & 0xfff)}};
        for (int[] size : sizes) {
            plan(size[0], size[1], options);
        }
    }

    private static void plan(int width, int height, RequestOptions options) {
        ImagePlan plan;
        try {
            plan = ImagePlan.of(width, height, options.detector());
            plan.adjust(options.detector());
        } catch (IllegalArgumentException refused) {
            return; // the engine answers 400 bad_parameter
        }
        if (plan.subsample() < 1 || plan.decodeBytes() <= 0 || plan.networkBytes() < 0 || plan.totalBytes() < 0
                || plan.decodedWidth() < 1 || plan.decodedHeight() < 1) {
            throw new IllegalStateException("implausible plan " + plan + " for " + width + " x " + height);
        }
    }

    /** First value of each name, as Javalin's queryParam gives it; no percent-decoding (Jetty does that). */
    private static Map<String, String> queryParams(String query) {
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            params.putIfAbsent(name, eq < 0 ? "" : pair.substring(eq + 1));
        }
        return params;
    }

    private static void requireClientError(ServiceException e) {
        if (e.status() < 400 || e.status() > 499 || e.code() == null || e.getMessage() == null) {
            throw new IllegalStateException("not a client error: " + e.status() + " " + e.code(), e);
        }
    }
}

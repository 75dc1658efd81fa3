package dev.retinaface.serve;

import dev.retinaface.core.anonymize.AnonymizeConfig;
import dev.retinaface.core.anonymize.MaskStyle;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.core.detect.ResizePolicy;
import dev.retinaface.core.tta.TtaConfig;

import java.util.Locale;
import java.util.function.Function;

/**
 * Query parameters of the image routes, checked and turned into detector settings; every mistake is a 400 in the
 * service's words.
 */
record RequestOptions(String model, DetectorConfig detector, boolean landmarks, AnonymizeConfig anonymize,
                      String format) {

    static RequestOptions parse(Function<String, String> query, DetectorConfig defaults) {
        DetectorConfig config = defaults;
        String minScore = query.apply("min_score");
        if (minScore != null) {
            float s = number("min_score", minScore);
            if (!(s >= 0 && s < 1)) { // a score is below 1, so min_score=1 would keep nothing
                throw ServiceException.badRequest("bad_parameter", "min_score must be at least 0 and below 1.");
            }
            config = config.withMinScore(s);
        }
        String resize = query.apply("resize");
        if (resize != null) {
            try {
                config = config.withResize(ResizePolicy.parse(resize));
            } catch (IllegalArgumentException e) {
                throw ServiceException.badRequest("bad_parameter",
                        "resize must be original, short:S:L, long:L or scale:F (for example long:1024).");
            }
        }
        String tta = query.apply("tta");
        if (tta != null) {
            try {
                config = config.withTta(TtaConfig.preset(tta));
            } catch (IllegalArgumentException e) {
                throw ServiceException.badRequest("bad_parameter",
                        "tta must be one of none, flip, pyramid, paper, paper-nms.");
            }
        }
        boolean landmarks = bool("landmarks", query.apply("landmarks"), true);
        AnonymizeConfig anonymize = AnonymizeConfig.defaults();
        String style = query.apply("style");
        if (style != null) {
            try {
                anonymize = anonymize.withStyle(MaskStyle.parse(style));
            } catch (IllegalArgumentException e) {
                throw ServiceException.badRequest("bad_parameter", "style must be gaussian, pixelate or solid.");
            }
        }
        String margin = query.apply("margin");
        if (margin != null) {
            float m = number("margin", margin);
            if (!(m >= 0 && m <= 2)) {
                throw ServiceException.badRequest("bad_parameter", "margin must be between 0 and 2.");
            }
            try {
                anonymize = anonymize.withMargin(m);
            } catch (IllegalArgumentException e) {
                throw ServiceException.badRequest("bad_parameter", "margin must be between 0 and 2.");
            }
        }
        String format = query.apply("format");
        if (format == null) {
            format = "png";
        }
        format = format.toLowerCase(Locale.ROOT);
        if (format.equals("jpg")) {
            format = "jpeg";
        }
        if (!format.equals("png") && !format.equals("jpeg")) {
            throw ServiceException.badRequest("bad_parameter", "format must be png or jpeg.");
        }
        return new RequestOptions(query.apply("model"), config, landmarks, anonymize, format);
    }

    private static float number(String name, String text) {
        try {
            return Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw ServiceException.badRequest("bad_parameter", name + " must be a number.");
        }
    }

    private static boolean bool(String name, String text, boolean fallback) {
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ServiceException.badRequest("bad_parameter", name + " must be true or false.");
        };
    }
}

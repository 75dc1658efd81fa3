package dev.retinaface.eval.widerface;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The outcome of a WIDER FACE evaluation.
 *
 * @param images   number of images evaluated (those with a prediction file)
 * @param settings easy, medium and hard results
 */
public record WiderResult(int images, Map<WiderSetting, SettingResult> settings) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public WiderResult {
        settings = Collections.unmodifiableMap(new EnumMap<>(settings));
        for (WiderSetting s : WiderSetting.values()) {
            if (!settings.containsKey(s)) {
                throw new IllegalArgumentException("no result for setting " + s.key());
            }
        }
    }

    /** The AP of one setting. */
    public double averagePrecision(WiderSetting setting) {
        return settings.get(setting).averagePrecision();
    }

    /** The result of one setting. */
    public SettingResult setting(WiderSetting setting) {
        return settings.get(setting);
    }

    /** {@code {"easy":0.9031,"medium":0.8744,"hard":0.7081,"images":257,"faces":{"easy":..,"medium":..,"hard":..}}}. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        for (WiderSetting s : WiderSetting.values()) {
            root.put(s.key(), averagePrecision(s));
        }
        root.put("images", images);
        ObjectNode faces = root.putObject("faces");
        for (WiderSetting s : WiderSetting.values()) {
            faces.put(s.key(), settings.get(s).countedFaces());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "easy %.4f, medium %.4f, hard %.4f on %d images",
                averagePrecision(WiderSetting.EASY), averagePrecision(WiderSetting.MEDIUM), averagePrecision(WiderSetting.HARD), images);
    }
}

package dev.retinaface.cli.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retinaface.eval.widerface.WiderResult;
import dev.retinaface.eval.widerface.WiderSetting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The text table and the JSON file of an evaluation: the main result first, then any overlays. */
public final class EvaluationReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One scored prediction set.
     *
     * @param label  its name in the table, the JSON and the plot legend
     * @param result its scores
     */
    public record Row(String label, WiderResult result) {
        public Row {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(result, "result");
        }
    }

    private EvaluationReport() {
    }

    /** A fixed-width table: label, easy, medium, hard AP, images; the counted faces of the first row below it. */
    public static String table(List<Row> rows) {
        int width = Math.max(8, rows.stream().mapToInt(r -> r.label().length()).max().orElse(0));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-7s %-7s %-7s %s%n", "", "easy", "medium", "hard", "images"));
        for (Row r : rows) {
            WiderResult x = r.result();
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %.4f  %.4f  %.4f  %d%n", r.label(),
                    x.averagePrecision(WiderSetting.EASY), x.averagePrecision(WiderSetting.MEDIUM),
                    x.averagePrecision(WiderSetting.HARD), x.images()));
        }
        WiderResult first = rows.get(0).result();
        sb.append(String.format(Locale.ROOT, "(faces counted: easy %d, medium %d, hard %d)%n",
                first.setting(WiderSetting.EASY).countedFaces(), first.setting(WiderSetting.MEDIUM).countedFaces(),
                first.setting(WiderSetting.HARD).countedFaces()));
        return sb.toString();
    }

    /**
     * Writes {@code {"label":..,"easy":..,"medium":..,"hard":..,"images":..,"faces":{..},"run":{..},
     * "overlays":[{"label":..,"easy":..,..}]}}: the first row at the top level, {@code run} the settings and
     * timing of the detector run (or the prediction folder), the other rows under {@code overlays}.
     */
    public static void writeJson(Path file, List<Row> rows, Map<String, Object> run) throws IOException {
        ObjectNode root = node(rows.get(0));
        root.set("run", JSON.valueToTree(run));
        ArrayNode overlays = root.putArray("overlays");
        for (Row r : rows.subList(1, rows.size())) {
            overlays.add(node(r));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static ObjectNode node(Row row) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("label", row.label());
        JsonNode scores = JSON.readTree(row.result().toJson());
        scores.fields().forEachRemaining(e -> node.set(e.getKey(), e.getValue()));
        return node;
    }
}

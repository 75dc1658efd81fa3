package dev.retinaface.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Face;
import dev.retinaface.core.geometry.Point;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes detections in the reference JSON schema: {@code image}, {@code width}, {@code height},
 * {@code faces[]} with {@code box [x1,y1,x2,y2]}, {@code score}, {@code landmarks [[x,y] x 5]}; plus
 * {@code orientation} (EXIF, 1 = none). Several images are written as a JSON array.
 */
public final class DetectionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private DetectionJson() {
    }

    /** Writes one object for a single image, an array for several. */
    public static void write(List<ImageDetections> images, OutputStream out) throws IOException {
        JsonNode node;
        if (images.size() == 1) {
            node = toNode(images.get(0));
        } else {
            ArrayNode array = MAPPER.createArrayNode();
            images.forEach(d -> array.add(toNode(d)));
            node = array;
        }
        MAPPER.writeValue(out, node);
        out.write('\n');
        out.flush();
    }

    public static ObjectNode toNode(ImageDetections d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("image", d.image());
        o.put("width", d.width());
        o.put("height", d.height());
        o.put("orientation", d.orientation());
        ArrayNode faces = o.putArray("faces");
        for (Face f : d.faces()) {
            ObjectNode face = faces.addObject();
            Box b = f.box();
            face.putArray("box").add(round(b.x1())).add(round(b.y1())).add(round(b.x2())).add(round(b.y2()));
            face.put("score", Math.round(f.score() * 1e6) / 1e6);
            ArrayNode marks = face.putArray("landmarks");
            for (Point p : f.landmarks()) {
                marks.addArray().add(round(p.x())).add(round(p.y()));
            }
        }
        return o;
    }

    /** Reads a file holding one image object or an array of them. */
    public static List<ImageDetections> read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        List<ImageDetections> result = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(n -> result.add(fromNode(n)));
        } else {
            result.add(fromNode(root));
        }
        return result;
    }

    static ImageDetections fromNode(JsonNode n) {
        List<Face> faces = new ArrayList<>();
        for (JsonNode f : n.path("faces")) {
            JsonNode b = f.get("box");
            List<Point> marks = new ArrayList<>();
            for (JsonNode p : f.path("landmarks")) {
                marks.add(new Point((float) p.get(0).asDouble(), (float) p.get(1).asDouble()));
            }
            faces.add(new Face(new Box((float) b.get(0).asDouble(), (float) b.get(1).asDouble(),
                    (float) b.get(2).asDouble(), (float) b.get(3).asDouble()), (float) f.get("score").asDouble(), marks));
        }
        return new ImageDetections(n.path("image").asText(), n.path("width").asInt(), n.path("height").asInt(),
                n.path("orientation").asInt(1), faces);
    }

    /** Three decimals, as the reference files (a thousandth of a pixel). */
    private static double round(float v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}

package dev.retinaface.video;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.retinaface.core.geometry.Box;
import dev.retinaface.core.geometry.Point;
import dev.retinaface.video.track.TrackedFace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * JSON Lines, one record per frame:
 * {@code {"frame":0,"time":0.0,"faces":[{"track_id":1,"box":[x1,y1,x2,y2],"score":0.99,"landmarks":[[x,y],...],"predicted":false}]}}.
 * {@code time} is in seconds; {@code predicted} marks boxes carried by the tracker (no detection in that frame).
 */
public final class JsonLinesOutput implements FrameOutput {

    private final Path file;
    private final JsonGenerator json;

    public JsonLinesOutput(Path file) throws VideoException {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream out = Files.newOutputStream(file);
            json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
        } catch (IOException e) {
            throw new VideoException(file.toString(), "cannot write (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void accept(VideoFrame frame, List<TrackedFace> faces) throws VideoException {
        try {
            json.writeStartObject();
            json.writeNumberField("frame", frame.index());
            json.writeNumberField("time", Math.round(frame.timestampMicros() / 1000.0) / 1000.0);
            json.writeArrayFieldStart("faces");
            for (TrackedFace f : faces) {
                json.writeStartObject();
                json.writeNumberField("track_id", f.trackId());
                Box b = f.box();
                json.writeArrayFieldStart("box");
                json.writeNumber(round(b.x1()));
                json.writeNumber(round(b.y1()));
                json.writeNumber(round(b.x2()));
                json.writeNumber(round(b.y2()));
                json.writeEndArray();
                json.writeNumberField("score", Math.round(f.face().score() * 10000) / 10000.0);
                json.writeArrayFieldStart("landmarks");
                for (Point p : f.face().landmarks()) {
                    json.writeStartArray();
                    json.writeNumber(round(p.x()));
                    json.writeNumber(round(p.y()));
                    json.writeEndArray();
                }
                json.writeEndArray();
                json.writeBooleanField("predicted", f.predicted());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new VideoException(file.toString(), "write failed (" + e.getMessage() + ")", e);
        }
    }

    private static double round(float v) {
        return Math.round(v * 100) / 100.0;
    }

    @Override
    public void close() throws VideoException {
        try {
            json.writeRaw('\n');
            json.close();
        } catch (IOException e) {
            throw new VideoException(file.toString(), "write failed (" + e.getMessage() + ")", e);
        }
    }
}

package dev.retinaface.video;

import dev.retinaface.FaceModel;
import dev.retinaface.core.testsupport.SharedData;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.video.track.TrackedFace;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.nio.file.Path;
import java.util.List;

class SmokeTest {
    @Test
    void smoke() throws Exception {
        System.out.println("h264 encoder: " + VideoSink.defaultEncoder("mp4"));
        Path dir = Path.of("/tmp/h6smoke");
        java.nio.file.Files.createDirectories(dir);
        var a = ImageIO.read(SharedData.resolve("images/sample.jpg").toFile());
        var b = ImageIO.read(SharedData.resolve("images/selfie.jpg").toFile());
        System.out.println(a.getWidth() + "x" + a.getHeight() + " " + b.getWidth() + "x" + b.getHeight());
        long t0 = System.nanoTime();
        SyntheticVideo.write(dir.resolve("in.mp4"), List.of(a, b), 480, 360, 25, 50, 1.5, 2.5, "mpeg4", true);
        System.out.println("gen ms " + (System.nanoTime() - t0) / 1e6);
        try (FaceModel model = FaceModel.load(ModelSource.file("mobilenet0.25", SharedData.resolve("weights/mobilenet0.25_Final.pth")));
             VideoSource src = VideoSource.open(dir.resolve("in.mp4").toString(), SourceOptions.defaults())) {
            System.out.println("src " + src.width() + "x" + src.height() + " fps " + src.frameRate() + " frames " + src.lengthInFrames() + " audio " + src.audioChannels());
            var blur = new AnonymizedVideoOutput(VideoSink.open(dir.resolve("blur.mp4"), 480, 360, src.frameRate(), null, src),
                    new dev.retinaface.core.anonymize.FaceAnonymizer(dev.retinaface.core.anonymize.AnonymizeConfig.defaults()));
            var ann = new AnnotatedVideoOutput(VideoSink.open(dir.resolve("ann.mp4"), 480, 360, src.frameRate(), null, src), 480, 360);
            FrameOutput dump = new FrameOutput() {
                public void accept(VideoFrame f, List<TrackedFace> faces) {
                    if (f.index() % 10 == 0) {
                        System.out.println(f.index() + " " + f.timestampMicros() + " " + faces.stream().map(x -> x.trackId() + (x.predicted() ? "p" : "") + String.format("(%.0f,%.0f %.0f)", x.box().centerX(), x.box().centerY(), x.box().width())).toList());
                    }
                    if (f.index() == 20 || f.index() == 70) {
                        try { var c = new java.awt.image.BufferedImage(480, 360, 5); c.getGraphics().drawImage(f.image(), 0, 0, null);
                            AnnotatedVideoOutput.draw(c, faces); ImageIO.write(c, "png", dir.resolve("f" + f.index() + ".png").toFile()); } catch (Exception e) { throw new RuntimeException(e); }
                    }
                }
                public void close() { }
            };
            var summary = new VideoPipeline(model.detector(), PipelineConfig.defaults()).run(src, List.of(new JsonLinesOutput(dir.resolve("out.jsonl")), dump, ann, blur), ProgressListener.NONE);
            System.out.println(summary.describe());
        }
        try (VideoSource out = VideoSource.open(dir.resolve("blur.mp4").toString(), SourceOptions.defaults())) {
            System.out.println("out " + out.width() + "x" + out.height() + " fps " + out.frameRate() + " frames " + out.lengthInFrames() + " audio " + out.audioChannels() + " len " + out.lengthInMicros());
        }
    }
}

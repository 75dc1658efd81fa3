package dev.retinaface.cli.peers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SSD anchors as MediaPipe's {@code SsdAnchorsCalculator} describes them, for the fixed-anchor-size case the face
 * detection models use: consecutive layers with the same stride share one feature map; each layer adds one anchor
 * per aspect ratio plus one for the interpolated scale; anchors are laid out row by row, then column, then anchor,
 * layer group after layer group. Centres are {@code (x + offsetX) / mapWidth}, {@code (y + offsetY) / mapHeight},
 * in [0, 1] of the model input; width and height are 1 (the regressors then carry the size).
 *
 * @param inputWidth           model input width in pixels
 * @param inputHeight          model input height in pixels
 * @param strides              stride of each layer
 * @param aspectRatios         aspect ratios per layer (MediaPipe face models: just 1.0)
 * @param interpolatedScale    whether each layer adds the interpolated-scale anchor (face models: yes)
 * @param offsetX              anchor centre offset in cells (face models: 0.5)
 * @param offsetY              the same vertically
 */
public record SsdAnchors(int inputWidth, int inputHeight, int[] strides, int aspectRatios, boolean interpolatedScale,
                         float offsetX, float offsetY) {

    public SsdAnchors {
        if (inputWidth < 1 || inputHeight < 1 || strides.length == 0 || aspectRatios < 1) {
            throw new IllegalArgumentException("bad SSD anchor options: input " + inputWidth + "x" + inputHeight
                    + ", strides " + Arrays.toString(strides) + ", aspect ratios " + aspectRatios);
        }
        for (int s : strides) {
            if (s < 1) {
                throw new IllegalArgumentException("strides must be positive, got " + Arrays.toString(strides));
            }
        }
        strides = strides.clone();
    }

    /** MediaPipe's short-range face detector: 128x128, strides 8, 16, 16, 16; 896 anchors. */
    public static SsdAnchors shortRange128() {
        return new SsdAnchors(128, 128, new int[] {8, 16, 16, 16}, 1, true, 0.5f, 0.5f);
    }

    /** MediaPipe's back-camera face detector: 256x256, strides 16, 32, 32, 32; 896 anchors. */
    public static SsdAnchors back256() {
        return new SsdAnchors(256, 256, new int[] {16, 32, 32, 32}, 1, true, 0.5f, 0.5f);
    }

    /** The anchors as {@code [cx, cy, w, h]} per anchor, flattened, in output order. */
    public float[] generate() {
        float[] out = new float[4 * count()];
        int k = 0;
        for (FeatureMap map : featureMaps()) {
            for (int y = 0; y < map.height(); y++) {
                for (int x = 0; x < map.width(); x++) {
                    float cx = (x + offsetX) / map.width();
                    float cy = (y + offsetY) / map.height();
                    for (int a = 0; a < map.anchorsPerCell(); a++) {
                        out[k++] = cx;
                        out[k++] = cy;
                        out[k++] = 1f;
                        out[k++] = 1f;
                    }
                }
            }
        }
        return out;
    }

    /** Number of anchors. */
    public int count() {
        int n = 0;
        for (FeatureMap map : featureMaps()) {
            n += map.width() * map.height() * map.anchorsPerCell();
        }
        return n;
    }

    /** One feature map: consecutive layers of one stride, each adding its anchors to every cell. */
    private record FeatureMap(int width, int height, int anchorsPerCell) {
    }

    private List<FeatureMap> featureMaps() {
        List<FeatureMap> maps = new ArrayList<>();
        int layer = 0;
        while (layer < strides.length) {
            int stride = strides[layer];
            int perCell = 0;
            while (layer < strides.length && strides[layer] == stride) {
                perCell += aspectRatios + (interpolatedScale ? 1 : 0);
                layer++;
            }
            maps.add(new FeatureMap(ceilDiv(inputWidth, stride), ceilDiv(inputHeight, stride), perCell));
        }
        return maps;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SsdAnchors a && inputWidth == a.inputWidth && inputHeight == a.inputHeight
                && Arrays.equals(strides, a.strides) && aspectRatios == a.aspectRatios
                && interpolatedScale == a.interpolatedScale && offsetX == a.offsetX && offsetY == a.offsetY;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(strides) * 31 + inputWidth * 17 + inputHeight;
    }

    @Override
    public String toString() {
        return "SsdAnchors[" + inputWidth + "x" + inputHeight + ", strides " + Arrays.toString(strides) + "]";
    }
}

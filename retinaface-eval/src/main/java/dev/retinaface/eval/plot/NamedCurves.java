package dev.retinaface.eval.plot;

import dev.retinaface.eval.widerface.WiderResult;

import java.util.Objects;

/**
 * One evaluation's easy / medium / hard curves, with the name that labels them in a plot legend.
 *
 * @param name   e.g. {@code "original size"} or {@code "1600 px"}; may be empty
 * @param result the evaluation
 */
public record NamedCurves(String name, WiderResult result) {

    public NamedCurves {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(result, "result");
    }
}

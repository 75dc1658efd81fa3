package dev.retinaface.eval.widerface;

import java.util.Comparator;
import java.util.Objects;

/**
 * A WIDER FACE image: its event folder and its file name without {@code .jpg}.
 *
 * @param event e.g. {@code 0--Parade}
 * @param name  e.g. {@code 0_Parade_marchingband_1_465}
 */
public record WiderImageId(String event, String name) implements Comparable<WiderImageId> {

    private static final Comparator<WiderImageId> ORDER =
            Comparator.comparing(WiderImageId::event).thenComparing(WiderImageId::name);

    public WiderImageId {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(WiderImageId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return event + "/" + name;
    }
}

package dev.retinaface.eval.widerface;

/** The three WIDER FACE evaluation settings; each counts a subset of the faces (easy ⊂ medium ⊂ hard). */
public enum WiderSetting {
    EASY, MEDIUM, HARD;

    /** Lower-case name used in file names and JSON: {@code easy}, {@code medium}, {@code hard}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The official ground-truth file listing this setting's counted faces, e.g. {@code wider_easy_val.mat}. */
    public String matFileName() {
        return "wider_" + key() + "_val.mat";
    }
}

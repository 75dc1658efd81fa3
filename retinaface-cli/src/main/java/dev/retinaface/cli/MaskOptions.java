package dev.retinaface.cli;

import dev.retinaface.core.anonymize.AnonymizeConfig;
import dev.retinaface.core.anonymize.MaskStyle;
import picocli.CommandLine.Option;

/** The face-mask options shared by {@code blur} and {@code video}. */
final class MaskOptions {

    @Option(names = "--blur", paramLabel = "STYLE", defaultValue = "gaussian",
            description = "Mask style: gaussian, pixelate or solid (default: ${DEFAULT-VALUE}).")
    String style;

    @Option(names = "--blur-margin", paramLabel = "M", defaultValue = "0.25",
            description = "Mask grown by this fraction of the face box on every side (default: ${DEFAULT-VALUE}).")
    double margin;

    /** The anonymiser settings these options give. */
    AnonymizeConfig config() {
        return AnonymizeConfig.defaults().withStyle(MaskStyle.parse(style)).withMargin(margin);
    }
}

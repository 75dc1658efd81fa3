package dev.retinaface.cli;

import dev.retinaface.model.registry.KnownWeights;
import dev.retinaface.model.registry.WeightsResolver;
import dev.retinaface.model.registry.WeightsSpec;
import dev.retinaface.model.zoo.ModelSpec;
import dev.retinaface.model.zoo.ModelZoo;
import picocli.CommandLine.Command;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retinaface models}: the named models and whether their weights are at hand. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the named models, their anchors and whether their weights are cached.",
        footer = {"", "The default model's weights ship inside the program (embedded); the others are downloaded on",
                "first use into the cache folder (RETINAFACE_HOME, default ~/.cache/retinaface-java).", "RETINAFACE_WEIGHTS_DIR=DIR uses a folder of weights files instead; "
                + "--weights FILE uses one file."})
final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        WeightsResolver resolver = WeightsResolver.fromSystem();
        System.out.printf(Locale.ROOT, "%-18s %-9s %-9s %-10s %s%n", "MODEL", "SIZE", "TRAIN PX", "WEIGHTS", "DESCRIPTION");
        for (ModelSpec m : ModelZoo.all()) {
            if (!m.hasPublishedWeights()) {
                System.out.printf(Locale.ROOT, "%-18s %-9s %-9d %-10s %s%n", m.name(), "-", m.trainingSize(), "train",
                        m.description());
                continue;
            }
            WeightsSpec w = KnownWeights.byName(m.weightsFile()).spec();
            String state;
            try {
                state = resolver.isEmbedded(w) ? "embedded" : resolver.isCached(w) ? "cached" : "download";
            } catch (RuntimeException e) {
                state = "damaged";
            }
            System.out.printf(Locale.ROOT, "%-18s %-9s %-9d %-10s %s%n", m.name(), w.sizeText(), m.trainingSize(), state,
                    m.description());
        }
        System.out.println();
        System.out.println("cache: " + resolver.cache().root());
        return 0;
    }
}

package dev.retinaface.cli;

import dev.retinaface.FaceModel;
import dev.retinaface.RuntimeConfig;
import dev.retinaface.core.detect.DetectorConfig;
import dev.retinaface.eval.landmarks.LandmarkError;
import dev.retinaface.eval.validation.WiderValidation;
import dev.retinaface.model.zoo.ModelSource;
import dev.retinaface.train.data.HoldoutSplit;
import dev.retinaface.train.loop.Validator;
import dev.retinaface.core.data.MalformedFileException;
import dev.retinaface.core.data.RetinaFaceLabels;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.CheckpointLimits;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.CheckpointWriter;
import dev.retinaface.model.checkpoint.StateDicts;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.model.checkpoint.WeightCheck;
import dev.retinaface.train.data.AugmentConfig;
import dev.retinaface.train.data.TrainingSet;
import dev.retinaface.train.engine.AllocatorAdvice;
import dev.retinaface.train.loop.Initialization;
import dev.retinaface.train.loop.TrainConfig;
import dev.retinaface.train.loop.TrainResult;
import dev.retinaface.train.loop.TrainingCheckpoint;
import dev.retinaface.train.loop.TrainingDivergedException;
import dev.retinaface.train.loop.TrainingPreset;
import dev.retinaface.train.loop.TrainingSupervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retinaface train}: trains or fine-tunes RetinaFace and writes {@code final.pth}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train or fine-tune RetinaFace (DJL, PyTorch engine, CPU).",
                "Writes to --out: final.pth (a state dict for detect / evaluate / export-onnx --weights), last.pth and "
                        + "checkpoint-N.pth (resumable), training-log.csv, loss-curve.png, and with validation "
                        + "validation-ap.csv and validation-ap.png."},
        footer = {"", "Examples:",
                "  retinaface train --labels WIDER_train/label.txt --images WIDER_train/images --out run \\",
                "      --init backbone:mobilenetV1X0.25_pretrain.tar                     the reference recipe (250 epochs)",
                "  retinaface train --labels WIDER_train/label.txt --images WIDER_train/images --out ft \\",
                "      --init weights:mobilenet0.25_Final.pth --epochs 1 --batch 8 --accumulate 4 --lr 1e-4   fine-tune",
                "  retinaface train ... --epochs 12 --batch 8 --lr 5e-3 --schedule warmup=1,decay=10 \\",
                "      --val-images WIDER_val/images --val-gt eval_tools/ground_truth --holdout 100 --max-minutes 75",
                "  retinaface train ... --resume run/last.pth                           continue exactly where it stopped",
                "", "Exit status: 0 when training finished, 2 on bad input (one line naming the file and line)."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--labels", required = true, paramLabel = "FILE",
            description = "RetinaFace label.txt (boxes and landmarks) or official wider_face_train_bbx_gt.txt (boxes).")
    Path labels;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder the label paths are relative to.")
    Path images;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "reference",
            description = "reference (biubug6 mobilenet0.25: 3 levels, batch 32, 250 epochs) or paper (P2-P6, 3 anchors, "
                    + "batch 8x4, 80 epochs) (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--init", paramLabel = "KIND", description = "backbone:FILE (ImageNet MobileNet, e.g. "
            + "mobilenetV1X0.25_pretrain.tar), weights:FILE (a detector state dict, to fine-tune) or scratch. "
            + "Required unless --resume.")
    String init;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs in total (default: the preset's).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Images per forward pass (default: the preset's).")
    Integer batch;

    @Option(names = "--accumulate", paramLabel = "N",
            description = "Forward passes per optimiser step; effective batch = batch x N (default: the preset's).")
    Integer accumulate;

    @Option(names = "--lr", paramLabel = "X", description = "Base learning rate (default: the schedule's, 1e-3 reference, 1e-2 paper).")
    Float lr;

    @Option(names = "--schedule", paramLabel = "S", description = "reference, paper (decay epochs scaled to --epochs), "
            + "constant, or warmup=E,decay=E1+E2,gamma=G (default: the preset's).")
    String schedule;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "640", description = "Training crop size (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "0",
            description = "PyTorch and validation threads (0 = all cores).")
    int threads;

    @Option(names = "--workers", paramLabel = "N", description = "Data loading processes or threads (default: half the cores, at least 1).")
    Integer workers;

    @Option(names = "--loader", paramLabel = "KIND", defaultValue = "process",
            description = "Where batches are made: process (worker processes, default) or thread (threads of the trainer).")
    String loader;

    @Option(names = "--prefetch", paramLabel = "N", defaultValue = "2",
            description = "Batches made ahead while a step runs (0 = only when needed; default: ${DEFAULT-VALUE}).")
    int prefetch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of data order, augmentation and initialisation.")
    long seed;

    @Option(names = "--save-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Optimiser steps between checkpoints (0 = at epoch ends only; last.pth is always written).")
    int saveEvery;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint of this trainer (e.g. OUT/last.pth).")
    Path resume;

    @Option(names = "--val-images", paramLabel = "DIR", description = "WIDER val images (<event>/<image>.jpg) to validate on.")
    Path valImages;

    @Option(names = "--val-gt", paramLabel = "DIR", description = "WIDER eval_tools ground_truth folder (the .mat files).")
    Path valGt;

    @Option(names = "--val-every", paramLabel = "K", defaultValue = "1", description = "Epochs between validations (default: ${DEFAULT-VALUE}).")
    int valEvery;

    @Option(names = "--holdout", paramLabel = "N", defaultValue = "0",
            description = "Keep N images of label.txt out of training; after training, report the landmark error on them.")
    int holdout;

    @Option(names = "--max-images", paramLabel = "N", defaultValue = "0", description = "Train on the first N images only (quick runs).")
    int maxImages;

    @Option(names = "--max-minutes", paramLabel = "M", defaultValue = "0",
            description = "Stop after the epoch past which the next one would end later than M minutes (0 = no limit).")
    double maxMinutes;

    @Override
    public Integer call() throws Exception {
        try {
            return train();
        } catch (MalformedFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private int train() throws Exception {
        TrainingPreset trainingPreset = parsePreset();
        requireFile(labels, "label file");
        if (!Files.isDirectory(images)) {
            throw new IOException("images folder not found: " + images);
        }
        if ((valImages == null) != (valGt == null)) {
            throw new IllegalArgumentException("--val-images and --val-gt go together");
        }
        Initialization start = initialization(trainingPreset.network());
        Files.createDirectories(out);
        Path annotations = labels;
        HoldoutSplit split = null;
        if (holdout > 0) {
            RetinaFaceLabels.read(labels); // report a malformed line with the original file's line number
            split = HoldoutSplit.write(labels, holdout, out);
            annotations = split.trainLabels();
            System.out.printf("holding out %d of %d images: %s%n", split.holdoutImages(),
                    split.holdoutImages() + split.trainImages(), split.holdoutLabels());
        }

        TrainingSet set = TrainingSet.read(annotations, images).requireImages(); // before the engine starts
        System.out.printf("%d training images with faces (%d skipped without any, %d faces of zero size dropped)%n",
                set.size(), set.skippedImages(), set.droppedFaces());

        TrainConfig config = configure(TrainConfig.defaults(annotations, images, out, trainingPreset), start);
        if (resume != null) {
            requireFile(resume, "checkpoint");
            checkArchitecture(resume, TrainingCheckpoint.read(resume).weights(), trainingPreset.network());
            config = config.withResume(resume);
        }
        System.out.printf(Locale.ROOT, "training %s (model %s): batch %d x %d, %d epochs, %s, %d px, %s%n",
                trainingPreset, trainingPreset.modelName(), config.batching().batchSize(),
                config.batching().accumulation(), config.schedule().epochs(), config.schedule().learningRate(),
                imageSize, resume != null ? "resuming " + resume : "init " + init);
        AllocatorAdvice.forThisProcess().ifPresent(advice -> System.err.println("retinaface train: note: " + advice));

        Validator validation = null;
        if (valImages != null) {
            WiderValidation wider = new WiderValidation(valImages, valGt);
            String modelName = trainingPreset.modelName();
            // the same detector as any other, built from the weights in memory
            validation = (network, weights) -> {
                try (FaceModel model = FaceModel.load(ModelSource.stateDict(modelName, weights),
                        RuntimeConfig.defaults().withThreads(threads))) {
                    return WiderValidation.metrics(wider.evaluate(model.detector(DetectorConfig.evaluation())));
                }
            };
            System.out.printf("validating on %d images every %d epoch(s)%n", wider.imageCount(), valEvery);
        }
        Path finalWeights = out.resolve("final.pth");
        TrainingConsole[] console = new TrainingConsole[1];
        TrainingSupervisor supervisor = supervisor(config.schedule().validateEvery(), validation, console);
        try {
            TrainResult result = supervisor.run(config);
            finalWeights = result.finalWeights();
            System.out.printf("%d steps, %d images trained, %d skipped (unreadable), %d restart(s) after divergence; weights: %s%n",
                    result.globalSteps(), result.imagesTrained(), result.skippedSamples(), result.restarts().size(),
                    finalWeights);
            for (TrainResult.Restart r : result.restarts()) {
                System.out.printf(Locale.ROOT, "  restart: step %d loss %g, resumed from %s (step %d)%n", r.step(), r.loss(),
                        r.from().getFileName(), r.fromStep());
            }
        } catch (TrainingConsole.TimeLimitReached stop) {
            console[0].closeBar();
            Path last = TrainingCheckpoint.last(out);
            CheckpointWriter.write(finalWeights, TrainingCheckpoint.read(last).weights());
            System.out.printf("%s; weights: %s (resume with --resume %s)%n", stop.getMessage(), finalWeights, last);
        } catch (TrainingDivergedException diverged) {
            if (console[0] != null) {
                console[0].closeBar();
            }
            throw new IllegalStateException(diverged.getMessage() + " (options --lr, --schedule)",
                    diverged);
        }
        if (split != null) {
            reportLandmarks(trainingPreset.modelName(), finalWeights, split.holdoutLabels());
        }
        return 0;
    }

    /** Restarts after divergences (train's supervisor); each attempt gets a fresh console, kept in {@code console[0]}. */
    private TrainingSupervisor supervisor(int validateEvery, Validator validation, TrainingConsole[] console) {
        long startNanos = System.nanoTime();
        return new TrainingSupervisor(trainer -> {
            console[0] = new TrainingConsole(out, maxMinutes, validateEvery, startNanos);
            trainer.addListener(console[0]);
            if (validation != null) {
                trainer.withValidator(validation);
            }
        }).onRestart((diverged, from, fromStep) -> {
            console[0].closeBar();
            System.out.printf("%s: restarting from %s (step %d)%n", diverged.getMessage(), from, fromStep);
        });
    }

    private TrainConfig.Loader parseLoader() {
        return switch (loader.toLowerCase(Locale.ROOT)) {
            case "process" -> TrainConfig.Loader.PROCESS;
            case "thread" -> TrainConfig.Loader.THREAD;
            default -> throw new IllegalArgumentException("unknown --loader " + loader + " (process or thread)");
        };
    }

    /** The options on top of the preset's defaults. */
    private TrainConfig configure(TrainConfig defaults, Initialization start) {
        TrainConfig.Batching batching = defaults.batching()
                .withBatch(batch != null ? batch : defaults.batching().batchSize(),
                        accumulate != null ? accumulate : defaults.batching().accumulation());
        if (workers != null) {
            batching = batching.withWorkers(workers);
        }
        batching = batching.withLoading(parseLoader(), prefetch);
        int totalEpochs = epochs != null ? epochs : defaults.preset().epochs();
        TrainConfig.Schedule plan = defaults.schedule()
                .withEpochs(totalEpochs, ScheduleOption.parse(schedule, lr, totalEpochs, defaults.preset()))
                .withValidateEvery(valImages != null ? valEvery : 0);
        return defaults.withInit(start)
                .withAugment(AugmentConfig.reference(imageSize))
                .withData(defaults.data().withMaxImages(maxImages))
                .withBatching(batching)
                .withSchedule(plan)
                .withCheckpoints(defaults.checkpoints().withEvery(saveEvery))
                .withSeed(seed)
                .withThreads(threads);
    }

    private void reportLandmarks(String model, Path weights, Path holdoutLabels) throws IOException {
        try (FaceModel loaded = FaceModel.load(ModelSource.file(model, weights),
                RuntimeConfig.defaults().withThreads(threads))) {
            LandmarkError error = LandmarkError.measure(loaded.detector(), RetinaFaceLabels.read(holdoutLabels), images);
            System.out.println("held-out " + error);
            Files.writeString(out.resolve("holdout-landmarks.txt"), error + System.lineSeparator(), StandardCharsets.UTF_8);
        }
    }

    private TrainingPreset parsePreset() {
        try {
            return TrainingPreset.valueOf(preset.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--preset must be reference or paper, got '" + preset + "'");
        }
    }

    private Initialization initialization(Network network) throws IOException {
        if (init == null) {
            if (resume != null) {
                return Initialization.scratch(); // ignored: the checkpoint's weights are used
            }
            throw new IllegalArgumentException("--init is required: backbone:FILE, weights:FILE or scratch");
        }
        if (init.equals("scratch")) {
            return Initialization.scratch();
        }
        int colon = init.indexOf(':');
        String kind = colon < 0 ? init : init.substring(0, colon);
        Path file = colon < 0 ? null : Path.of(init.substring(colon + 1));
        if (file == null || !(kind.equals("backbone") || kind.equals("weights"))) {
            throw new IllegalArgumentException("--init '" + init + "': expected backbone:FILE, weights:FILE or scratch");
        }
        requireFile(file, "initial weights");
        if (kind.equals("backbone")) {
            return Initialization.imagenetBackbone(file);
        }
        checkArchitecture(file, CheckpointReader.read(file, CheckpointLimits.forNetwork(network)).stateDict(), network);
        return Initialization.weights(file);
    }

    /** One line naming the file when its tensors are not the network's (another model, another preset). */
    static void checkArchitecture(Path file, Map<String, Tensor> weights, Network network) {
        WeightCheck check = WeightCheck.of(network, StateDicts.stripDataParallelPrefix(weights));
        if (!check.matches()) {
            throw new IllegalArgumentException(file + " is a checkpoint for another architecture than " + network.name()
                    + ": " + check.missing().size() + " of its tensors missing, " + check.unexpected().size()
                    + " unknown, " + check.misShaped().size() + " of another shape");
        }
    }

    private static void requireFile(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(what + " not found: " + file);
        }
    }
}

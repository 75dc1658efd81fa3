package dev.retinaface.train.loop;

import ai.djl.ndarray.NDManager;
import dev.retinaface.core.anchors.PriorBoxes;
import dev.retinaface.model.arch.Network;
import dev.retinaface.model.checkpoint.CheckpointLimits;
import dev.retinaface.model.checkpoint.CheckpointReader;
import dev.retinaface.model.checkpoint.CheckpointWriter;
import dev.retinaface.model.checkpoint.Tensor;
import dev.retinaface.train.data.Augmenter;
import dev.retinaface.train.data.Batch;
import dev.retinaface.train.data.BatchLoader;
import dev.retinaface.train.data.BatchSource;
import dev.retinaface.train.data.BgrImage;
import dev.retinaface.train.data.LoaderSpec;
import dev.retinaface.train.data.ProcessBatchLoader;
import dev.retinaface.train.data.SamplePreparer;
import dev.retinaface.train.data.TrainingSet;
import dev.retinaface.train.engine.OfflineEngine;
import dev.retinaface.train.loss.LossValues;
import dev.retinaface.train.loss.MultiBoxLoss;
import dev.retinaface.train.match.AnchorMatcher;
import dev.retinaface.train.net.ParameterInit;
import dev.retinaface.train.net.RetinaFaceBlock;
import dev.retinaface.model.arch.ShapeInference;
import dev.retinaface.train.net.WeightTransfer;
import dev.retinaface.train.optim.Sgd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Trains RetinaFace with a {@link TrainConfig}: data loading and augmentation on worker threads, SGD with the
 * schedule, gradient accumulation, checkpoints every N steps and at every epoch end ({@code last.pth}), exact
 * resume, CSV log and loss-curve PNG, optional validation. Writes {@code final.pth} (a plain state dict) at the end.
 *
 * <pre>{@code
 * TrainResult r = new Trainer(TrainConfig.defaults(labels, images, out, TrainingPreset.REFERENCE)
 *         .withInit(Initialization.imagenetBackbone(backbone)))
 *         .addListener(ProgressListener.printing()).run();
 * }</pre>
 */
public final class Trainer {

    private final TrainConfig config;
    private final List<ProgressListener> listeners = new ArrayList<>();
    private Validator validator;
    private SamplePreparer.ImageReader imageReader;
    private int skippedSamples;

    public Trainer(TrainConfig config) {
        this.config = config;
    }

    public Trainer addListener(ProgressListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Validation run every {@code config.schedule().validateEvery()} epochs. */
    public Trainer withValidator(Validator validator) {
        this.validator = validator;
        return this;
    }

    /**
     * Images from {@code reader} instead of their files (experiments and tests: pre-decoded images); implies the
     * thread loader.
     */
    public Trainer withImageReader(SamplePreparer.ImageReader reader) {
        this.imageReader = reader;
        return this;
    }

    public TrainResult run() throws IOException {
        OfflineEngine.start(config.threads());
        Network network = config.preset().network();
        int size = config.augment().imageSize();
        var anchors = config.preset().anchors();
        long predicted = ShapeInference.anchorCount(network, size, size);
        if (predicted != PriorBoxes.count(anchors, size, size)) {
            throw new IllegalStateException("network " + network.name() + " predicts " + predicted + " anchors at " + size
                    + " px but the preset's anchors number " + PriorBoxes.count(anchors, size, size));
        }
        TrainingSet set = TrainingSet.read(config.data().annotations(), config.data().imageRoot());
        if (config.data().maxImages() > 0) {
            set = set.first(config.data().maxImages());
        }
        set.requireImages();
        TrainingLog log = new TrainingLog(config.outputDir());
        List<ProgressListener> all = new ArrayList<>(listeners);
        all.add(0, log);

        try (NDManager manager = OfflineEngine.start(config.threads()).newBaseManager()) {
            RetinaFaceBlock block = new RetinaFaceBlock(network);
            Sgd sgd;
            int epoch = 0;
            int batchIndex = 0;
            long globalStep = 0;
            long seed = config.seed();
            if (config.checkpoints().resumeFrom() != null) {
                TrainingCheckpoint c = TrainingCheckpoint.read(config.checkpoints().resumeFrom());
                if (!c.preset().equals(config.preset().name())) {
                    throw new IllegalArgumentException(config.checkpoints().resumeFrom() + " was trained with preset " + c.preset()
                            + ", not " + config.preset());
                }
                WeightTransfer.load(block, c.weights(), manager);
                sgd = new Sgd(block, config.schedule().sgd(), manager);
                sgd.loadState(c.optimizer());
                epoch = c.epoch();
                batchIndex = c.batch();
                globalStep = c.globalStep();
                seed = c.seed(); // the data stream continues as it was
                log.truncateFrom(globalStep + 1);
            } else {
                initialise(block, manager);
                sgd = new Sgd(block, config.schedule().sgd(), manager);
            }
            StepRunner runner = new StepRunner(block, new MultiBoxLoss(config.preset().loss()), manager);
            AnchorMatcher matcher = AnchorMatcher.of(anchors, size, size, config.preset().match());
            Path last = TrainingCheckpoint.last(config.outputDir());
            LossValues lastEpochLoss = null;
            long imagesTrained = 0;
            try (BatchSource loader = openLoader(set, matcher, seed)) {
                int batches = loader.batchesPerEpoch();
                int stepsPerEpoch = (batches + config.batching().accumulation() - 1) / config.batching().accumulation();
                if (batchIndex >= batches) {
                    epoch++;
                    batchIndex = 0;
                }
                for (; epoch < config.schedule().epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    LossValues sum = LossValues.ZERO;
                    int steps = 0;
                    int images = 0;
                    float lr = 0;
                    Iterator<Batch> it = loader.epoch(epoch, batchIndex);
                    while (it.hasNext()) {
                        long stepStart = System.nanoTime();
                        LossValues stepLoss = LossValues.ZERO;
                        int micro = 0;
                        int stepImages = 0;
                        do {
                            Batch batch = it.next();
                            stepLoss = stepLoss.plus(runner.forwardBackward(batch));
                            stepImages += batch.size();
                            micro++;
                            batchIndex++;
                        } while (micro < config.batching().accumulation() && it.hasNext());
                        int stepInEpoch = (batchIndex - 1) / config.batching().accumulation();
                        lr = config.schedule().learningRate().rate(epoch, stepInEpoch, stepsPerEpoch);
                        sgd.step(lr, 1f / micro);
                        globalStep++;
                        stepLoss = stepLoss.times(1f / micro);
                        sum = sum.plus(stepLoss);
                        steps++;
                        images += stepImages;
                        imagesTrained += stepImages;
                        double ips = stepImages / ((System.nanoTime() - stepStart) / 1e9);
                        var report = new ProgressListener.StepReport(epoch, stepInEpoch, stepsPerEpoch, globalStep, lr,
                                stepLoss, ips);
                        all.forEach(l -> l.onStep(report));
                        if (config.checkpoints().every() > 0 && globalStep % config.checkpoints().every() == 0) {
                            Path file = TrainingCheckpoint.numbered(config.outputDir(), globalStep);
                            save(block, sgd, epoch, batchIndex, globalStep, seed, file);
                            save(block, sgd, epoch, batchIndex, globalStep, seed, last);
                            all.forEach(l -> l.onCheckpoint(file));
                        }
                    }
                    batchIndex = 0;
                    save(block, sgd, epoch + 1, 0, globalStep, seed, last);
                    all.forEach(l -> l.onCheckpoint(last));
                    if (steps > 0) {
                        double seconds = (System.nanoTime() - epochStart) / 1e9;
                        lastEpochLoss = sum.times(1f / steps);
                        var report = new ProgressListener.EpochReport(epoch, config.schedule().epochs(), lastEpochLoss,
                                lr,
                                images / seconds, seconds);
                        all.forEach(l -> l.onEpoch(report));
                    }
                    int validateEvery = config.schedule().validateEvery();
                    if (validator != null && validateEvery > 0 && (epoch + 1) % validateEvery == 0) {
                        validate(network, block, epoch, all);
                    }
                }
                skippedSamples = loader.skippedSamples();
            }
            Path finalWeights = config.outputDir().resolve("final.pth");
            CheckpointWriter.write(finalWeights, WeightTransfer.export(block));
            return new TrainResult(finalWeights, last, globalStep, lastEpochLoss, imagesTrained, skippedSamples, List.of());
        }
    }

    private BatchSource openLoader(TrainingSet set, AnchorMatcher matcher, long seed) throws IOException {
        TrainConfig.Batching b = config.batching();
        Augmenter augmenter = new Augmenter(config.augment());
        if (b.loader() == TrainConfig.Loader.PROCESS && imageReader == null) {
            return ProcessBatchLoader.start(new LoaderSpec(config.data().annotations(), config.data().imageRoot(),
                    config.data().maxImages(), config.augment(), config.preset().anchors(), config.preset().match(),
                    b.batchSize(), seed), b.workers(), b.prefetch());
        }
        return new BatchLoader(set, augmenter, matcher, b.batchSize(), seed, b.workers(), b.prefetch(),
                imageReader != null ? imageReader : BgrImage::read);
    }

    private void initialise(RetinaFaceBlock block, NDManager manager) throws IOException {
        ParameterInit.pytorchDefault(block, manager, config.seed());
        Initialization init = config.init();
        CheckpointLimits limits = CheckpointLimits.forNetwork(block.network()); // refuses far more than the network
        switch (init.kind()) {
            case SCRATCH -> {
            }
            case IMAGENET_BACKBONE -> {
                Map<String, Tensor> backbone = WeightTransfer.renamePrefix(
                        WeightTransfer.renamePrefix(CheckpointReader.read(init.file(), limits).stateDict(), "module.", ""),
                        "stage", "body.stage");
                List<String> loaded = WeightTransfer.loadMatching(block, backbone, manager);
                if (loaded.isEmpty()) {
                    throw new IOException(init.file() + ": no backbone tensor (stage1.*, stage2.*, stage3.*) fits network "
                            + block.network().name());
                }
            }
            case WEIGHTS -> WeightTransfer.load(block, CheckpointReader.read(init.file(), limits).stateDict(), manager);
        }
    }

    private void save(RetinaFaceBlock block, Sgd sgd, int epoch, int batch, long globalStep, long seed, Path file)
            throws IOException {
        new TrainingCheckpoint(WeightTransfer.export(block), sgd.state(), epoch, batch, globalStep, seed,
                config.preset().name()).write(file);
    }

    private void validate(Network network, RetinaFaceBlock block, int epoch, List<ProgressListener> all) {
        Map<String, Double> metrics;
        try {
            metrics = validator.validate(network, WeightTransfer.export(block));
        } catch (Exception e) {
            throw new IllegalStateException("validation after epoch " + (epoch + 1) + " failed: " + e.getMessage(), e);
        }
        all.forEach(l -> l.onValidation(epoch, metrics));
    }
}

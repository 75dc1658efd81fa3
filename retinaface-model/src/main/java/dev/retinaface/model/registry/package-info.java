/**
 * Named pretrained weights: what each file is ({@link dev.retinaface.model.registry.KnownWeights}), where it is
 * cached ({@link dev.retinaface.model.registry.WeightsCache}), how it is fetched and verified
 * ({@link dev.retinaface.model.registry.WeightsDownloader}) and which copy a run uses
 * ({@link dev.retinaface.model.registry.WeightsResolver}).
 *
 * <p>One file is shipped in the jar: the default model's {@code mobilenet0.25_Final.pth}
 * ({@link dev.retinaface.model.registry.EmbeddedWeights}), so the default model works offline. The others are
 * downloaded on first use, and every shipped, downloaded or cached file must match its recorded size and SHA-256, or, where a tensor digest is recorded, hold identical tensors
 * ({@link dev.retinaface.model.registry.WeightsVerifier}).
 */
package dev.retinaface.model.registry;

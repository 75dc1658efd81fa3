/**
 * Engine start-up. {@link dev.retinaface.train.engine.OfflineEngine} sets {@code ai.djl.offline=true},
 * {@code PYTORCH_VERSION=2.7.1} and {@code PYTORCH_FLAVOR=cpu} (unless already set as system properties or
 * environment variables) so DJL loads the natives bundled in {@code pytorch-native-cpu} / {@code pytorch-jni}
 * without any download; they are extracted once to {@code ~/.djl.ai/pytorch} (override with {@code DJL_CACHE_DIR}).
 */
package dev.retinaface.train.engine;

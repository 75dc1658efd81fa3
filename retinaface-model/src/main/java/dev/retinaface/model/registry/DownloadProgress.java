package dev.retinaface.model.registry;

import java.net.URI;

/** Receives the progress of {@link WeightsDownloader}, one source attempt at a time. */
public interface DownloadProgress {

    /** Reports nothing. */
    DownloadProgress NONE = new DownloadProgress() {
        @Override
        public void started(String fileName, URI source, long totalBytes) {
        }

        @Override
        public void advanced(long bytesDone) {
        }

        @Override
        public void finished() {
        }

        @Override
        public void failed(String fileName, URI source, String reason) {
        }
    };

    /** A transfer of {@code totalBytes} from {@code source} begins. */
    void started(String fileName, URI source, long totalBytes);

    /** {@code bytesDone} bytes have arrived so far. */
    void advanced(long bytesDone);

    /** The transfer succeeded and the file was verified. */
    void finished();

    /**
     * The transfer succeeded; the file's bytes differ from the registry's copy but its tensors are identical
     * ({@code detail} says so, naming both sums). Reported instead of {@link #finished()}, which it defaults to.
     */
    default void finishedWithSameTensors(String detail) {
        finished();
    }

    /**
     * Something worth telling the user about an already present copy of {@code fileName}, e.g. that a cached or
     * local file was accepted by its tensors though its bytes differ. Ignored by default.
     */
    default void note(String fileName, String message) {
    }

    /**
     * {@code source} failed for {@code reason}, before or during its transfer (so possibly without
     * {@link #started}); another source may be tried next.
     */
    void failed(String fileName, URI source, String reason);
}

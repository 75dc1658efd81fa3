package dev.retinaface.model.registry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Remembers what a download reported, for assertions. */
final class RecordingProgress implements DownloadProgress {

    final List<URI> started = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> sameTensors = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    long lastBytes = -1;
    int finished;

    @Override
    public void started(String fileName, URI source, long totalBytes) {
        started.add(source);
    }

    @Override
    public void advanced(long bytesDone) {
        lastBytes = bytesDone;
    }

    @Override
    public void finished() {
        finished++;
    }

    @Override
    public void finishedWithSameTensors(String detail) {
        sameTensors.add(detail);
    }

    @Override
    public void note(String fileName, String message) {
        notes.add(fileName + ": " + message);
    }

    @Override
    public void failed(String fileName, URI source, String reason) {
        failures.add(reason);
    }
}

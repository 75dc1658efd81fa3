package dev.retinaface.cli.bench;

import ai.onnxruntime.OrtEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the numbers were measured on.
 *
 * @param cores       processors the JVM may use
 * @param cpuModel    {@code model name} of {@code /proc/cpuinfo} ("unknown" elsewhere)
 * @param java        Java runtime version and VM
 * @param onnxRuntime ONNX Runtime version
 * @param os          operating system and architecture
 */
public record MachineInfo(int cores, String cpuModel, String java, String onnxRuntime, String os) {

    /** The machine this JVM runs on. */
    public static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(),
                System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")",
                OrtEnvironment.getEnvironment().getVersion(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static String readCpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average ({@code /proc/loadavg}), or "n/a". */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}

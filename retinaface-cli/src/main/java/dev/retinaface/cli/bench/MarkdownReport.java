package dev.retinaface.cli.bench;

import java.util.List;
import java.util.Locale;

/** The benchmark results as Markdown: machine, speed table, targets, cold start, memory, notes. */
public final class MarkdownReport {

    /** Issue target: our graph at most this many times the export's time. */
    public static final double GRAPH_TARGET = 1.0;
    /** Issue target: end to end at most this many times our model-only time at 640x480. */
    public static final double E2E_TARGET = 1.15;

    /**
     * Everything a report shows.
     *
     * @param machine      where it ran
     * @param commandLine  how it was started
     * @param input        what image was fed
     * @param loadBefore   load average at the start
     * @param loadAfter    load average at the end
     * @param cells        speed rows
     * @param coldStart    cold-start result, or null
     * @param coldNote     why cold start is missing, or null
     * @param benchPeakKib peak RSS of the benchmark process, -1 if unknown
     * @param seconds      total wall time of the benchmark
     * @param notes        extra remarks
     */
    public record Content(MachineInfo machine, String commandLine, String input, String loadBefore, String loadAfter,
                          List<SpeedBench.Cell> cells, ColdStart.Result coldStart, String coldNote, long benchPeakKib,
                          double seconds, List<String> notes) {
    }

    private MarkdownReport() {
    }

    public static String render(Content c) {
        StringBuilder md = new StringBuilder();
        MachineInfo m = c.machine();
        md.append("### Speed: retinaface-java on ONNX Runtime\n\n");
        md.append("- Command: `").append(c.commandLine()).append("`\n");
        md.append("- Machine: ").append(m.cores()).append(" cores, ").append(m.cpuModel()).append("; ").append(m.os())
                .append("\n");
        md.append("- Java ").append(m.java()).append("; ONNX Runtime ").append(m.onnxRuntime()).append("\n");
        md.append("- Input: ").append(c.input()).append("\n");
        md.append("- Load average (1/5/15 min) before: ").append(c.loadBefore()).append(", after: ")
                .append(c.loadAfter()).append("\n");
        md.append(String.format(Locale.ROOT, "- Total benchmark time: %.0f s%n%n", c.seconds()));

        md.append("Times in ms: median (p10-p90). Runs interleaved: ours, export, end-to-end, prep, post in rotation, "
                + "after warm-up rounds. *ours* = our ONNX graph on a prepared tensor in a direct buffer, outputs "
                + "written into reused direct buffers (`FaceModel.runNetworkPooled`); *export* = the PyTorch export, same "
                + "tensor, same threads, same output handling; *e2e* = `FaceDetector.detect(BufferedImage)` from a "
                + "decoded BGR image to faces (score 0.5); *prep* = tensor fill into a reused direct buffer; *post* = decode + NMS on saved outputs.\n\n");
        md.append("| size | threads | runs | ours (model only) | export | ours/export | end-to-end | e2e/model | prep | post | faces |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SpeedBench.Cell cell : c.cells()) {
            md.append("| ").append(cell.size()).append(" | ")
                    .append(cell.threads() == 0 ? "all (" + cell.threadsUsed() + ")" : cell.threads()).append(" | ")
                    .append(cell.ours().runs()).append(" | ")
                    .append(ms(cell.ours())).append(" | ")
                    .append(cell.export() == null ? "n/a" : ms(cell.export())).append(" | ")
                    .append(cell.export() == null ? "n/a" : ratio(cell.oursOverExport())).append(" | ")
                    .append(ms(cell.e2e())).append(" | ")
                    .append(ratio(cell.e2eOverModel())).append(" | ")
                    .append(ms(cell.prep())).append(" | ")
                    .append(ms(cell.post())).append(" | ")
                    .append(cell.faces()).append(" |\n");
        }
        md.append('\n');
        targets(md, c.cells());
        int8(md, c.cells());

        md.append("\nCold start (`detect` on one image in a fresh JVM):\n\n");
        if (c.coldStart() != null) {
            ColdStart.Result r = c.coldStart();
            md.append("- Command: `").append(r.commandLine()).append("`\n");
            md.append(String.format(Locale.ROOT, "- Wall time: median %.0f ms (p10-p90 %.0f-%.0f) over %d runs%n",
                    r.wall().median(), r.wall().p10(), r.wall().p90(), r.wall().runs()));
            md.append("- Peak memory of the child (VmHWM): ")
                    .append(r.medianPeakKib() < 0 ? "not reported" : mib(r.medianPeakKib()) + " (median)").append("\n");
        } else {
            md.append("- skipped: ").append(c.coldNote()).append("\n");
        }
        md.append("\nPeak memory of the benchmark process (VmHWM; one detector and one export session "
                + "at a time, images up to the largest size): ").append(c.benchPeakKib() < 0 ? "unknown" : mib(c.benchPeakKib()))
                .append("\n");
        if (!c.notes().isEmpty()) {
            md.append("\nNotes:\n\n");
            for (String note : c.notes()) {
                md.append("- ").append(note).append("\n");
            }
        }
        return md.toString();
    }

    private static void targets(StringBuilder md, List<SpeedBench.Cell> cells) {
        md.append("Ratios in the table are medians of per-round ratios (runs of one round are adjacent in time). "
                + "Targets: ours/export <= ").append(GRAPH_TARGET).append(" everywhere; e2e/model <= ")
                .append(E2E_TARGET).append(" at 640x480. Below, to three decimals, each also as ratio of medians and of fastest runs.\n\n");
        for (SpeedBench.Cell cell : cells) {
            String where = cell.size() + ", threads " + (cell.threads() == 0 ? "all" : cell.threads());
            md.append("- ").append(where).append(": ");
            if (cell.export() != null) {
                md.append("ours/export ").append(ratio3(cell.oursOverExport()))
                        .append(cell.oursOverExport() <= GRAPH_TARGET ? " met" : " **missed**")
                        .append(" (medians ").append(ratio3(cell.ours().median() / cell.export().median()))
                        .append(", fastest ").append(ratio3(cell.ours().min() / cell.export().min())).append(")");
            } else {
                md.append("no export");
            }
            md.append("; e2e/model ").append(ratio3(cell.e2eOverModel()));
            if (cell.size().width() == 640 && cell.size().height() == 480) {
                md.append(cell.e2eOverModel() <= E2E_TARGET ? " met" : " **missed**");
            }
            md.append(" (medians ").append(ratio3(cell.e2e().median() / cell.ours().median()))
                    .append(", fastest ").append(ratio3(cell.e2e().min() / cell.ours().min())).append(")\n");
        }
    }

    /** Issue target for int8: model-only time at most this share of fp32's (1 thread). */
    public static final double INT8_MODEL_TARGET = 0.6;
    /** Issue target for int8: end-to-end time at most this share of fp32's (1 thread). */
    public static final double INT8_E2E_TARGET = 0.65;

    private static void int8(StringBuilder md, List<SpeedBench.Cell> cells) {
        if (cells.stream().noneMatch(cell -> cell.int8() != null)) {
            return;
        }
        md.append("\nInt8 graph (QDQ), in the same rotation as the runs above. *int8/fp32* = median of per-round "
                + "ratios of model-only wall times; *CPU* = the same with the calling thread's CPU time (with 1 thread "
                + "ONNX Runtime runs in it; other jobs on the machine disturb it less). Targets (1 thread): model <= ")
                .append(INT8_MODEL_TARGET).append(", end to end <= ").append(INT8_E2E_TARGET).append(".\n\n");
        md.append("| size | threads | fp32 model | int8 model | int8/fp32 | CPU fp32 | CPU int8 | CPU int8/fp32 "
                + "| e2e fp32 | e2e int8 | e2e int8/fp32 | e2e CPU int8/fp32 | faces fp32 / int8 |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SpeedBench.Cell cell : cells) {
            SpeedBench.Int8 q = cell.int8();
            if (q == null) {
                continue;
            }
            md.append("| ").append(cell.size()).append(" | ")
                    .append(cell.threads() == 0 ? "all (" + cell.threadsUsed() + ")" : cell.threads()).append(" | ")
                    .append(ms(cell.ours())).append(" | ").append(ms(q.model())).append(" | ")
                    .append(ratio3(q.modelRatio())).append(q.modelRatio() <= INT8_MODEL_TARGET ? "" : " (missed)")
                    .append(" | ").append(ms(q.oursCpu())).append(" | ").append(ms(q.modelCpu())).append(" | ")
                    .append(ratio3(q.cpuRatio())).append(" | ")
                    .append(ms(cell.e2e())).append(" | ").append(ms(q.e2e())).append(" | ")
                    .append(ratio3(q.e2eRatio())).append(q.e2eRatio() <= INT8_E2E_TARGET ? "" : " (missed)")
                    .append(" | ").append(ratio3(q.e2eCpuRatio()))
                    .append(" | ").append(cell.faces()).append(" / ").append(q.faces()).append(" |\n");
        }
    }

    private static String ms(Stats s) {
        return String.format(Locale.ROOT, "%s (%s-%s)", num(s.median()), num(s.p10()), num(s.p90()));
    }

    private static String num(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms)
                : ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String ratio3(double r) {
        return String.format(Locale.ROOT, "%.3fx", r);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }
}

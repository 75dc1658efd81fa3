package dev.retinaface.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hand-made checkpoint files for error-path tests. */
final class CraftedFiles {

    private CraftedFiles() {
    }

    /** A legacy-format file: valid magic number, protocol and sys_info pickles, then {@code mainPickle} and no storages. */
    static Path legacy(Path file, byte[] mainPickle) throws IOException {
        return legacy(file, mainPickle, new String[0], new float[0][]);
    }

    /** As {@link #legacy(Path, byte[])}, followed by float storages under {@code keys}. */
    static Path legacy(Path file, byte[] mainPickle, String[] keys, float[][] storages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PickleWriter magic = new PickleWriter();
        magic.integer(LegacyFormat.MAGIC_NUMBER);
        out.writeBytes(magic.finish());
        PickleWriter protocol = new PickleWriter();
        protocol.integer(LegacyFormat.PROTOCOL_VERSION);
        out.writeBytes(protocol.finish());
        PickleWriter sysInfo = new PickleWriter();
        sysInfo.emptyDict();
        sysInfo.mark();
        sysInfo.string("little_endian");
        sysInfo.bool(true);
        sysInfo.setItems();
        out.writeBytes(sysInfo.finish());
        out.writeBytes(mainPickle);
        PickleWriter keyList = new PickleWriter();
        keyList.emptyList();
        if (keys.length > 0) {
            keyList.mark();
            for (String key : keys) {
                keyList.string(key);
            }
            keyList.appends();
        }
        out.writeBytes(keyList.finish());
        for (float[] values : storages) {
            java.nio.ByteBuffer le = java.nio.ByteBuffer.allocate(8 + 4 * values.length)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            le.putLong(values.length);
            for (float v : values) {
                le.putFloat(v);
            }
            out.writeBytes(le.array());
        }
        return Files.write(file, out.toByteArray());
    }

    /** A zip-format file holding {@code archive/data.pkl} (when not null) and the given extra records. */
    static Path zip(Path file, byte[] dataPkl, String... namesAndContents) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            if (dataPkl != null) {
                zip.putNextEntry(new ZipEntry("archive/data.pkl"));
                zip.write(dataPkl);
            }
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry("archive/" + namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return file;
    }

    /** Protocol 2: {@code module.name(arg)} through GLOBAL + REDUCE, as a malicious pickle would call it. */
    static byte[] globalCall(String module, String name, String arg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        binUnicode(out, arg);
        out.write(0x85); // TUPLE1
        out.write('R');  // REDUCE
        out.write('.');
        return out.toByteArray();
    }

    /** Protocol 4: {@code module.name(arg)} through STACK_GLOBAL + REDUCE. */
    static byte[] stackGlobalCall(String module, String name, String arg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x80, 4});
        shortBinUnicode(out, module);
        shortBinUnicode(out, name);
        out.write(0x93); // STACK_GLOBAL
        binUnicode(out, arg);
        out.write(0x85);
        out.write('R');
        out.write('.');
        return out.toByteArray();
    }

    /** Protocol 0/1 style: MARK arg INST module name — the class is named and called in one opcode. */
    static byte[] instCall(String module, String name, String arg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('(');
        binUnicode(out, arg);
        out.write('i');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write('.');
        return out.toByteArray();
    }

    /** {@code OrderedDict({'weight': <payload call>})}: the call sits where a tensor would be. */
    static byte[] stateDictWithCall(String module, String name, String arg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x80, 2});
        out.writeBytes("ccollections\nOrderedDict\n)R(".getBytes(StandardCharsets.US_ASCII));
        binUnicode(out, "weight");
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        binUnicode(out, arg);
        out.write(0x85);
        out.write('R');
        out.write('u'); // SETITEMS
        out.write('.');
        return out.toByteArray();
    }

    private static void binUnicode(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.write(b.length);
        out.write(b.length >>> 8);
        out.write(b.length >>> 16);
        out.write(b.length >>> 24);
        out.writeBytes(b);
    }

    private static void shortBinUnicode(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(0x8c);
        out.write(b.length);
        out.writeBytes(b);
    }
}

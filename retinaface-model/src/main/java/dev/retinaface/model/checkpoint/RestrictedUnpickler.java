package dev.retinaface.model.checkpoint;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * razorvine's {@link Unpickler} restricted to data: every opcode that names a Python global ({@code GLOBAL},
 * {@code STACK_GLOBAL}, {@code INST}) is checked against {@link AllowedGlobals} and refused otherwise, so the
 * library's default (turning unknown classes into {@code ClassDict}) never applies, and {@code BUILD} may only
 * set attributes of dictionaries (which are dropped). Extension codes are refused. A checkpoint never runs code.
 * Also: dicts keep their pickled order (razorvine would use {@code HashMap}), and length prefixes larger than the
 * remaining input are refused before a buffer is allocated.
 */
final class RestrictedUnpickler extends Unpickler {

    /** Turns a persistent id into the object it stands for (a storage reference). */
    interface PersistentLoader {
        Object load(Object pid) throws IOException;
    }

    private final Path file;
    private final PersistentLoader persistentLoader;

    RestrictedUnpickler(Path file, PersistentLoader persistentLoader) {
        this.file = file;
        this.persistentLoader = persistentLoader;
    }

    /** One pickle from the stream, with razorvine's failures turned into messages naming the file. */
    static Object unpickle(Path file, ByteArrayInputStream in, RestrictedUnpickler.PersistentLoader loader,
                           String what) throws IOException {
        RestrictedUnpickler unpickler = new RestrictedUnpickler(file, loader != null ? loader : pid -> {
            throw new CheckpointFormatException(file, "unexpected persistent id in the " + what);
        });
        try {
            return unpickler.load(in);
        } catch (CheckpointException e) {
            throw e;
        } catch (RestrictedUnpickler.PersistentLoadFailure e) {
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            String reason = in.available() == 0 ? "truncated"
                    : e instanceof EOFException ? "truncated or corrupt" : "corrupt";
            throw new CheckpointFormatException(file, reason + ": cannot read the " + what + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(allowed(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new CheckpointFormatException(file, "malformed pickle: STACK_GLOBAL without names");
                }
                stack.add(allowed(m, n));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                IObjectConstructor constructor = allowed(module, name);
                List<Object> args = stack.pop_all_since_marker();
                stack.add(constructor.construct(args.toArray()));
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                Object target = stack.peek();
                if (!(target instanceof Map) || !(state == null || state instanceof Map)) {
                    throw new CheckpointFormatException(file, "refused to set state of " + describe(target)
                            + ": only dictionaries may carry attributes in a checkpoint");
                }
                // OrderedDict attributes such as the state dict's _metadata (module versions) are not needed.
            }
            // Python dicts keep insertion order; razorvine's HashMap would scramble state-dict keys.
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, stack.pop_all_since_marker());
                stack.add(dict);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                putPairs(stack.peek(), Arrays.asList(k, value));
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putPairs(stack.peek(), items);
            }
            case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 -> throw new CheckpointFormatException(file,
                    "refused pickle extension code: globals named by the copyreg extension registry are not allowed");
            case Opcodes.BINSTRING, Opcodes.BINUNICODE, Opcodes.BINBYTES, Opcodes.LONG4 -> {
                checkLength(4);
                return super.dispatch(key);
            }
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> {
                checkLength(8);
                return super.dispatch(key);
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    @SuppressWarnings("unchecked")
    private void putPairs(Object target, List<Object> items) throws CheckpointException {
        if (!(target instanceof Map) || items.size() % 2 != 0) {
            throw new CheckpointFormatException(file, "malformed pickle: dict items for " + describe(target));
        }
        Map<Object, Object> dict = (Map<Object, Object>) target;
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
        }
    }

    /**
     * Refuses a length prefix larger than what is left of the input, before razorvine allocates a buffer of that
     * size: a corrupt or crafted length must not exhaust memory.
     */
    private void checkLength(int lengthBytes) throws IOException {
        input.mark(lengthBytes);
        byte[] le = input.readNBytes(lengthBytes);
        input.reset();
        long length = 0;
        for (int i = le.length - 1; i >= 0; i--) {
            length = (length << 8) | (le[i] & 0xff);
        }
        long left = input.available() - (long) lengthBytes;
        if (le.length < lengthBytes || length < 0 || length > left) {
            throw new EOFException("a pickled value of " + length + " bytes but only " + Math.max(0, left)
                    + " bytes left");
        }
    }

    private IObjectConstructor allowed(String module, String name) throws CheckpointException {
        IObjectConstructor constructor = AllowedGlobals.lookup(module, name);
        if (constructor == null) {
            throw new CheckpointFormatException(file, "refused global '" + module + "." + name
                    + "': a checkpoint may only name " + AllowedGlobals.DESCRIPTION
                    + " (it is data and must never run code)");
        }
        return constructor;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        try {
            return persistentLoader.load(pid);
        } catch (IOException e) {
            throw new PersistentLoadFailure(e);
        }
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    /** Carries a checked exception out of {@link #persistentLoad}, whose signature allows none. */
    static final class PersistentLoadFailure extends RuntimeException {
        PersistentLoadFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}

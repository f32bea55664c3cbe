package dev.bellman.core;

import dev.bellman.env.Env;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Optimizer;
import dev.bellman.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One file of named arrays holding a deep algorithm's training state for a checkpoint ({@link Checkpoints}): its
 * networks, optimizer moments, random generators, replay storage, env states, counters. Each algorithm writes what
 * its loop needs with a {@link Writer} inside {@link Checkpoints#save} and reads it back with a {@link Reader} on
 * resume; the checkpoint's manifest checksums the file, so this format only has to be exact, not self-verifying.
 *
 * <p>Format (big-endian, {@link DataOutputStream}): the UTF string {@code "bellman-state 1"}, the entry count, then
 * per entry its UTF name, a type byte ({@code f} float, {@code d} double, {@code l} long, {@code i} int, {@code b}
 * byte), the element count and the elements; or type {@code s} and one UTF string (a tag such as the algorithm or variant that
 * wrote the file). Floats and doubles are stored as raw bits, so values (NaN payloads included)
 * round-trip exactly.
 *
 * <p>Conventions of the helpers: a module is stored under {@code prefix + name} per parameter and float buffer
 * (floats) and per int64 counter such as batch norm's {@code num_batches_tracked} (a long); an
 * optimizer ({@link Optimizer#state()}) as its entry count under {@code prefix + "#count"} and each array under
 * {@code prefix + "#" + key}; a generator as its 6-long {@link Rng#state()}; a vector env as
 * {@link VectorEnvs#snapshot}; a single env's wrapper chain as {@code [layers, len₁, values₁..., len₂, ...]}.
 */
public final class TrainingState {
    static final String FORMAT = "bellman-state 1";

    private TrainingState() {}

    /** Collects named arrays and writes them in one file. */
    public static final class Writer {
        private final Map<String, Object> entries = new LinkedHashMap<>();

        private Writer add(String name, Object value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, name);
            if (entries.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("training state entry '" + name + "' was written twice");
            }
            return this;
        }

        public Writer put(String name, float[] values) {
            return add(name, values.clone());
        }

        public Writer put(String name, double[] values) {
            return add(name, values.clone());
        }

        public Writer put(String name, long[] values) {
            return add(name, values.clone());
        }

        public Writer put(String name, int[] values) {
            return add(name, values.clone());
        }

        /** A byte array (images in a replay buffer), stored one byte per element. */
        public Writer put(String name, byte[] values) {
            return add(name, values.clone());
        }

        /** A boolean array, stored as ints 0/1. */
        public Writer put(String name, boolean[] values) {
            int[] v = new int[values.length];
            for (int i = 0; i < v.length; i++) v[i] = values[i] ? 1 : 0;
            return add(name, v);
        }

        public Writer putLong(String name, long value) {
            return add(name, new long[] {value});
        }

        public Writer putDouble(String name, double value) {
            return add(name, new double[] {value});
        }

        public Writer putBoolean(String name, boolean value) {
            return add(name, new int[] {value ? 1 : 0});
        }

        /** A short text (up to 65,535 UTF-8 bytes), e.g. which algorithm and variant wrote the file. */
        public Writer putString(String name, String value) {
            return add(name, value);
        }

        /**
         * Every parameter and float buffer of {@code module} under {@code prefix + name} (floats), and every int64
         * counter ({@code num_batches_tracked}) as a long.
         */
        public Writer putModule(String prefix, Module module) {
            for (var e : module.namedParameters().entrySet()) {
                add(prefix + e.getKey(), e.getValue().toArray());
            }
            for (var e : module.namedBuffers().entrySet()) add(prefix + e.getKey(), e.getValue().toArray());
            for (var e : module.namedCounters().entrySet()) add(prefix + e.getKey(), new long[] {e.getValue().get()});
            return this;
        }

        /** Every tensor under {@code prefix + i}, in list order (parameters kept outside a {@link Module}). */
        public Writer putTensors(String prefix, List<Tensor> tensors) {
            for (int i = 0; i < tensors.size(); i++) add(prefix + i, tensors.get(i).toArray());
            return this;
        }

        /** The optimizer's moments and step counts ({@link Optimizer#state()}) under {@code prefix + key}. */
        public Writer putOptimizer(String prefix, Optimizer optimizer) {
            Map<String, float[]> state = new TreeMap<>(optimizer.state());
            add(prefix + "#count", new long[] {state.size()});
            for (var e : state.entrySet()) add(prefix + "#" + e.getKey(), e.getValue());
            return this;
        }

        public Writer putRng(String name, Rng rng) {
            return add(name, rng.state());
        }

        /** Every copy's state and episode bookkeeping ({@link VectorEnvs#snapshot}). */
        public Writer putEnvs(String name, VectorEnv envs) {
            return add(name, VectorEnvs.snapshot(envs));
        }

        /** Every snapshottable layer of a single (wrapped) env ({@link Snapshottable#snapshotChain}). */
        public Writer putEnv(String name, Env<?, ?> env) {
            List<long[]> chain = Snapshottable.snapshotChain(env);
            int n = 1;
            for (long[] layer : chain) n += 1 + layer.length;
            long[] flat = new long[n];
            int k = 0;
            flat[k++] = chain.size();
            for (long[] layer : chain) {
                flat[k++] = layer.length;
                System.arraycopy(layer, 0, flat, k, layer.length);
                k += layer.length;
            }
            return add(name, flat);
        }

        /** Writes the entries to {@code file} (inside a checkpoint's temporary directory, so no rename is needed). */
        public void write(Path file) throws IOException {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                out.writeUTF(FORMAT);
                out.writeInt(entries.size());
                for (var e : entries.entrySet()) {
                    out.writeUTF(e.getKey());
                    switch (e.getValue()) {
                        case float[] a -> {
                            out.writeByte('f');
                            out.writeInt(a.length);
                            for (float v : a) out.writeInt(Float.floatToRawIntBits(v));
                        }
                        case double[] a -> {
                            out.writeByte('d');
                            out.writeInt(a.length);
                            for (double v : a) out.writeLong(Double.doubleToRawLongBits(v));
                        }
                        case long[] a -> {
                            out.writeByte('l');
                            out.writeInt(a.length);
                            for (long v : a) out.writeLong(v);
                        }
                        case int[] a -> {
                            out.writeByte('i');
                            out.writeInt(a.length);
                            for (int v : a) out.writeInt(v);
                        }
                        case byte[] a -> {
                            out.writeByte('b');
                            out.writeInt(a.length);
                            out.write(a);
                        }
                        case String text -> {
                            out.writeByte('s');
                            out.writeUTF(text);
                        }
                        default -> throw new IllegalStateException("unexpected entry type " + e.getValue().getClass());
                    }
                }
            }
        }
    }

    /** The entries of one file, with typed getters that name the file and entry when something does not match. */
    public static final class Reader {
        private final Path file;
        private final Map<String, Object> entries;

        private Reader(Path file, Map<String, Object> entries) {
            this.file = file;
            this.entries = entries;
        }

        /**
         * Reads the provider's {@code file} of checkpoint {@code from}; an I/O failure is an
         * {@link java.io.UncheckedIOException} naming the checkpoint's directory.
         */
        public static Reader read(Checkpoints.Loaded from, String file) {
            try {
                return read(from.directory().resolve(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read the checkpoint in " + from.directory(), e);
            }
        }

        /**
         * Reads {@code file}.
         *
         * @throws Checkpoints.CorruptCheckpointException if it is not a training-state file or is truncated
         */
        public static Reader read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new Checkpoints.CorruptCheckpointException("checkpoint file " + file + " is missing");
            }
            Map<String, Object> entries = new LinkedHashMap<>();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                String format = in.readUTF();
                if (!format.equals(FORMAT)) {
                    throw new Checkpoints.CorruptCheckpointException("checkpoint file " + file + " starts with '"
                            + format + "' but a training-state file starts with '" + FORMAT + "'");
                }
                int count = in.readInt();
                for (int e = 0; e < count; e++) {
                    String name = in.readUTF();
                    int type = in.readByte();
                    if (type == 's') {
                        entries.put(name, in.readUTF());
                        continue;
                    }
                    int n = in.readInt();
                    if (n < 0) throw new IOException("entry '" + name + "' has a negative length " + n);
                    Object value = switch (type) {
                        case 'f' -> {
                            float[] a = new float[n];
                            for (int i = 0; i < n; i++) a[i] = Float.intBitsToFloat(in.readInt());
                            yield a;
                        }
                        case 'd' -> {
                            double[] a = new double[n];
                            for (int i = 0; i < n; i++) a[i] = Double.longBitsToDouble(in.readLong());
                            yield a;
                        }
                        case 'l' -> {
                            long[] a = new long[n];
                            for (int i = 0; i < n; i++) a[i] = in.readLong();
                            yield a;
                        }
                        case 'i' -> {
                            int[] a = new int[n];
                            for (int i = 0; i < n; i++) a[i] = in.readInt();
                            yield a;
                        }
                        case 'b' -> {
                            byte[] a = new byte[n];
                            in.readFully(a);
                            yield a;
                        }
                        default -> throw new IOException("entry '" + name + "' has unknown type byte " + type);
                    };
                    entries.put(name, value);
                }
                if (in.read() != -1) {
                    throw new IOException("trailing bytes after " + count + " entries");
                }
            } catch (EOFException e) {
                throw new Checkpoints.CorruptCheckpointException("checkpoint file " + file + " is truncated");
            } catch (Checkpoints.CorruptCheckpointException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new Checkpoints.CorruptCheckpointException("checkpoint file " + file + " is corrupt: " + e.getMessage());
            }
            return new Reader(file, entries);
        }

        /** The entry names, in the order written. */
        public List<String> names() {
            return new ArrayList<>(entries.keySet());
        }

        public boolean has(String name) {
            return entries.containsKey(name);
        }

        private <T> T get(String name, Class<T> type, String typeName) {
            Object v = entries.get(name);
            if (v == null) {
                throw new IllegalArgumentException("checkpoint file " + file + " has no entry '" + name
                        + "' (it has " + entries.size() + " entries; was it written by another algorithm or version?)");
            }
            if (!type.isInstance(v)) {
                throw new IllegalArgumentException("checkpoint entry '" + name + "' in " + file + " is not " + typeName);
            }
            return type.cast(v);
        }

        public String string(String name) {
            return get(name, String.class, "a string");
        }

        public float[] floats(String name) {
            return get(name, float[].class, "a float array").clone();
        }

        public double[] doubles(String name) {
            return get(name, double[].class, "a double array").clone();
        }

        public long[] longs(String name) {
            return get(name, long[].class, "a long array").clone();
        }

        public int[] ints(String name) {
            return get(name, int[].class, "an int array").clone();
        }

        public boolean[] booleans(String name) {
            int[] v = get(name, int[].class, "a boolean array");
            boolean[] out = new boolean[v.length];
            for (int i = 0; i < v.length; i++) out[i] = v[i] != 0;
            return out;
        }

        public byte[] bytes(String name) {
            return get(name, byte[].class, "a byte array").clone();
        }

        public void bytesInto(String name, byte[] target) {
            copy(name, get(name, byte[].class, "a byte array"), target, target.length);
        }

        /** Copies entry {@code name} into {@code target}, which must have the same length. */
        public void floatsInto(String name, float[] target) {
            copy(name, get(name, float[].class, "a float array"), target, target.length);
        }

        public void doublesInto(String name, double[] target) {
            copy(name, get(name, double[].class, "a double array"), target, target.length);
        }

        public void longsInto(String name, long[] target) {
            copy(name, get(name, long[].class, "a long array"), target, target.length);
        }

        public void intsInto(String name, int[] target) {
            copy(name, get(name, int[].class, "an int array"), target, target.length);
        }

        public void booleansInto(String name, boolean[] target) {
            boolean[] v = booleans(name);
            copy(name, v, target, target.length);
        }

        private void copy(String name, Object src, Object dst, int expected) {
            copy(name, src, dst, 0, expected);
        }

        /** Copies {@code src} (which must hold exactly {@code expected} elements) into {@code dst} at {@code offset}. */
        private void copy(String name, Object src, Object dst, int offset, int expected) {
            int n = java.lang.reflect.Array.getLength(src);
            if (n != expected) {
                throw new IllegalArgumentException("checkpoint entry '" + name + "' in " + file + " has " + n
                        + " elements but " + expected + " were expected");
            }
            System.arraycopy(src, 0, dst, offset, n);
        }

        public long getLong(String name) {
            return single(name, get(name, long[].class, "a long"))[0];
        }

        public double getDouble(String name) {
            return single(name, get(name, double[].class, "a double"))[0];
        }

        public boolean getBoolean(String name) {
            return single(name, get(name, int[].class, "a boolean"))[0] != 0;
        }

        private <A> A single(String name, A array) {
            if (java.lang.reflect.Array.getLength(array) != 1) {
                throw new IllegalArgumentException("checkpoint entry '" + name + "' in " + file + " is not a single value");
            }
            return array;
        }

        /**
         * Puts the parameters, buffers and counters saved by {@link Writer#putModule} back into {@code module} (same
         * architecture).
         */
        public void loadModule(String prefix, Module module) {
            Map<String, Tensor> floats = new LinkedHashMap<>(module.namedParameters());
            floats.putAll(module.namedBuffers());
            for (var e : floats.entrySet()) {
                Tensor p = e.getValue();
                copy(prefix + e.getKey(), get(prefix + e.getKey(), float[].class, "a float array"), p.data(), p.offset(),
                        p.size());
                p.bumpVersion();
            }
            for (var e : module.namedCounters().entrySet()) e.getValue().set(getLong(prefix + e.getKey()));
        }

        /** Puts the tensors saved by {@link Writer#putTensors} back, in list order. */
        public void loadTensors(String prefix, List<Tensor> tensors) {
            for (int i = 0; i < tensors.size(); i++) {
                Tensor p = tensors.get(i);
                copy(prefix + i, get(prefix + i, float[].class, "a float array"), p.data(), p.offset(), p.size());
                p.bumpVersion();
            }
        }

        /** Restores the optimizer state saved by {@link Writer#putOptimizer}. */
        public void loadOptimizer(String prefix, Optimizer optimizer) {
            long count = get(prefix + "#count", long[].class, "a long array")[0];
            Map<String, float[]> state = new LinkedHashMap<>();
            for (var e : entries.entrySet()) {
                if (e.getKey().startsWith(prefix + "#") && e.getValue() instanceof float[] a) {
                    state.put(e.getKey().substring(prefix.length() + 1), a.clone());
                }
            }
            if (state.size() != count) {
                throw new IllegalArgumentException("checkpoint file " + file + " has " + state.size()
                        + " optimizer entries under '" + prefix + "' but " + count + " were written");
            }
            optimizer.loadState(state);
        }

        public void loadRng(String name, Rng rng) {
            long[] s = get(name, long[].class, "a generator state");
            rng.setState(s.clone());
        }

        /** Restores a vector env saved by {@link Writer#putEnvs} into one made the same way. */
        public void loadEnvs(String name, VectorEnv envs) {
            VectorEnvs.restore(envs, get(name, long[].class, "a vector env snapshot").clone());
        }

        /** Restores a single env's chain saved by {@link Writer#putEnv} into one made the same way. */
        public void loadEnv(String name, Env<?, ?> env) {
            long[] flat = get(name, long[].class, "an env snapshot");
            List<long[]> chain = new ArrayList<>();
            try {
                int k = 0;
                long layers = flat[k++];
                for (long l = 0; l < layers; l++) {
                    int n = (int) flat[k++];
                    chain.add(Arrays.copyOfRange(flat, k, k + n));
                    k += n;
                }
                if (k != flat.length) throw new IllegalArgumentException("length " + flat.length + ", expected " + k);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("checkpoint entry '" + name + "' in " + file
                        + " is not an env snapshot: " + e.getMessage(), e);
            }
            Snapshottable.restoreChain(env, chain);
        }
    }
}

package dev.bellman.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What travels through Hazelcast, with the HMAC tag of {@link ClusterSecret} on each, and the {@code Compact}
 * serializers for them (Hazelcast's schema-based binary format: byte arrays are written as they are, and no Java
 * serialization is involved).
 */
final class Wire {
    private Wire() {}

    /** An {@link dev.bellman.distributed.ExperienceMessage} with its tag. */
    record Experience(String actorId, long sequence, long parameterVersion, byte[] payload, byte[] tag) {}

    /** A {@link dev.bellman.distributed.ParameterSnapshot} with its tag. */
    record Snapshot(long version, byte[] payload, byte[] tag) {}

    /** The run's spec, as parallel key and value arrays, with its tag. */
    record Spec(String[] keys, String[] values, byte[] tag) {
        Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) m.put(keys[i], values[i]);
            return m;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        for (long x : v) b.putLong(x);
        return b.array();
    }

    static Experience tagged(ClusterSecret secret, dev.bellman.distributed.ExperienceMessage m) {
        return new Experience(m.actorId(), m.sequence(), m.parameterVersion(), m.payload(),
                secret.tag(utf8("experience"), utf8(m.actorId()), longs(m.sequence(), m.parameterVersion()), m.payload()));
    }

    static boolean genuine(ClusterSecret secret, Experience e) {
        return e.actorId() != null && e.payload() != null && secret.verify(e.tag(), utf8("experience"),
                utf8(e.actorId()), longs(e.sequence(), e.parameterVersion()), e.payload());
    }

    static Snapshot tagged(ClusterSecret secret, dev.bellman.distributed.ParameterSnapshot s) {
        return new Snapshot(s.version(), s.payload(), secret.tag(utf8("parameters"), longs(s.version()), s.payload()));
    }

    static boolean genuine(ClusterSecret secret, Snapshot s) {
        return s.payload() != null && secret.verify(s.tag(), utf8("parameters"), longs(s.version()), s.payload());
    }

    static Spec tagged(ClusterSecret secret, Map<String, String> spec) {
        String[] keys = spec.keySet().toArray(String[]::new);
        String[] values = new String[keys.length];
        for (int i = 0; i < keys.length; i++) values[i] = spec.get(keys[i]);
        return new Spec(keys, values, secret.tag(specParts(keys, values)));
    }

    static boolean genuine(ClusterSecret secret, Spec s) {
        return s.keys() != null && s.values() != null && s.keys().length == s.values().length
                && secret.verify(s.tag(), specParts(s.keys(), s.values()));
    }

    private static byte[][] specParts(String[] keys, String[] values) {
        byte[][] parts = new byte[1 + 2 * keys.length][];
        parts[0] = utf8("spec");
        for (int i = 0; i < keys.length; i++) {
            parts[1 + 2 * i] = utf8(keys[i]);
            parts[2 + 2 * i] = utf8(values[i] == null ? "" : values[i]);
        }
        return parts;
    }

    /** The serializers every member registers. */
    static List<CompactSerializer<?>> serializers() {
        return List.of(new ExperienceSerializer(), new SnapshotSerializer(), new SpecSerializer());
    }

    static final class ExperienceSerializer implements CompactSerializer<Experience> {
        @Override
        public Experience read(CompactReader in) {
            return new Experience(in.readString("actorId"), in.readInt64("sequence"), in.readInt64("parameterVersion"),
                    in.readArrayOfInt8("payload"), in.readArrayOfInt8("tag"));
        }

        @Override
        public void write(CompactWriter out, Experience e) {
            out.writeString("actorId", e.actorId());
            out.writeInt64("sequence", e.sequence());
            out.writeInt64("parameterVersion", e.parameterVersion());
            out.writeArrayOfInt8("payload", e.payload());
            out.writeArrayOfInt8("tag", e.tag());
        }

        @Override
        public String getTypeName() {
            return "bellman.Experience";
        }

        @Override
        public Class<Experience> getCompactClass() {
            return Experience.class;
        }
    }

    static final class SnapshotSerializer implements CompactSerializer<Snapshot> {
        @Override
        public Snapshot read(CompactReader in) {
            return new Snapshot(in.readInt64("version"), in.readArrayOfInt8("payload"), in.readArrayOfInt8("tag"));
        }

        @Override
        public void write(CompactWriter out, Snapshot s) {
            out.writeInt64("version", s.version());
            out.writeArrayOfInt8("payload", s.payload());
            out.writeArrayOfInt8("tag", s.tag());
        }

        @Override
        public String getTypeName() {
            return "bellman.ParameterSnapshot";
        }

        @Override
        public Class<Snapshot> getCompactClass() {
            return Snapshot.class;
        }
    }

    static final class SpecSerializer implements CompactSerializer<Spec> {
        @Override
        public Spec read(CompactReader in) {
            return new Spec(in.readArrayOfString("keys"), in.readArrayOfString("values"), in.readArrayOfInt8("tag"));
        }

        @Override
        public void write(CompactWriter out, Spec s) {
            out.writeArrayOfString("keys", s.keys());
            out.writeArrayOfString("values", s.values());
            out.writeArrayOfInt8("tag", s.tag());
        }

        @Override
        public String getTypeName() {
            return "bellman.Spec";
        }

        @Override
        public Class<Spec> getCompactClass() {
            return Spec.class;
        }
    }
}

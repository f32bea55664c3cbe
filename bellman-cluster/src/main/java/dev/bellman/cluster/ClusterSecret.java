package dev.bellman.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of one cluster run, and the two things derived from it with HMAC-SHA256 (RFC 2104) under separate
 * labels: the Hazelcast cluster name, so that Hazelcast itself refuses a member that does not know the secret (it
 * compares cluster names on join), and the tags on experience, parameters and spec, so that the learner drops what a
 * member without the secret sends. The secret itself never leaves the JVM; the cluster name does, in clear, on every
 * join (Hazelcast open source has no TLS), which is why the tags use a second key that is never sent.
 */
public final class ClusterSecret {
    /** Bytes of a generated secret. */
    public static final int GENERATED_BYTES = 32;
    private static final String CLUSTER_LABEL = "bellman cluster name v1";
    private static final String TAG_LABEL = "bellman message tag v1";

    private final byte[] tagKey;
    private final String clusterName;
    private final ThreadLocal<Mac> macs;

    private ClusterSecret(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("a cluster secret must have at least 16 bytes but had " + secret.length);
        }
        byte[] nameKey = hmac(secret, CLUSTER_LABEL.getBytes(StandardCharsets.UTF_8));
        this.tagKey = hmac(secret, TAG_LABEL.getBytes(StandardCharsets.UTF_8));
        this.clusterName = "bellman-" + HexFormat.of().formatHex(nameKey, 0, 16);
        byte[] key = tagKey;
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    /** A secret from its bytes (at least 16). */
    public static ClusterSecret of(byte[] secret) {
        return new ClusterSecret(secret.clone());
    }

    /** A fresh random secret (for a run whose members all live in this JVM). */
    public static ClusterSecret random() {
        return new ClusterSecret(generate());
    }

    /** {@value #GENERATED_BYTES} random bytes from a {@link SecureRandom}. */
    public static byte[] generate() {
        byte[] b = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /**
     * Reads a secret file: its content with surrounding whitespace stripped (so a line written by {@code openssl rand
     * -hex 32 > F} works), at least 16 bytes.
     */
    public static ClusterSecret read(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        byte[] secret = new String(raw, StandardCharsets.ISO_8859_1).strip().getBytes(StandardCharsets.ISO_8859_1);
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret file " + file + " holds " + secret.length
                    + " bytes; a cluster secret needs at least 16 (e.g. 'openssl rand -hex 32 > " + file + "')");
        }
        return new ClusterSecret(secret);
    }

    /**
     * Writes a new random secret (hex, one line) to {@code file}, readable by its owner only where the file system has
     * POSIX permissions, and returns it.
     */
    public static ClusterSecret writeNew(Path file) throws IOException {
        String hex = HexFormat.of().formatHex(generate());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, hex + "\n");
        return new ClusterSecret(hex.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The Hazelcast cluster name: {@code bellman-} and 32 hex digits of an HMAC of the secret. */
    public String clusterName() {
        return clusterName;
    }

    /** The HMAC-SHA256 tag of the concatenated {@code parts}, each preceded by its length. */
    public byte[] tag(byte[]... parts) {
        Mac mac = macs.get();
        for (byte[] p : parts) {
            mac.update(lengthPrefix(p.length));
            mac.update(p);
        }
        return mac.doFinal();
    }

    /** Whether {@code tag} is the tag of {@code parts} (compared in constant time). */
    public boolean verify(byte[] tag, byte[]... parts) {
        return tag != null && MessageDigest.isEqual(tag, tag(parts));
    }

    private static byte[] lengthPrefix(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        Mac mac = newMac(key);
        return mac.doFinal(data);
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}

package dev.bellman.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Space;

/**
 * Spaces as Minari serialises them ({@code minari.serialization}): {@code {"type": "Box", "dtype": "float32", "shape":
 * [...], "low": [...], "high": [...]}} (nested lists of the shape) and {@code {"type": "Discrete", "dtype": "int64",
 * "start": 0, "n": N}}. A {@code ByteBox} is a uint8 Box. Infinite bounds are written as the bare {@code Infinity}
 * tokens of Python's {@code json}.
 */
final class SpacesJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SpacesJson() {}

    static ObjectNode toJson(Space<?> space) {
        ObjectNode o = F.objectNode();
        switch (space) {
            case Discrete d -> {
                o.put("type", "Discrete");
                o.put("dtype", "int64");
                o.put("start", d.start());
                o.put("n", d.n());
            }
            case Box b -> {
                o.put("type", "Box");
                o.put("dtype", "float32");
                o.set("shape", shape(b.shape()));
                o.set("low", nested(b.low(), b.shape(), 0, 0));
                o.set("high", nested(b.high(), b.shape(), 0, 0));
            }
            case ByteBox b -> {
                o.put("type", "Box");
                o.put("dtype", "uint8");
                o.set("shape", shape(b.shape()));
                float[] lo = new float[b.flatDim()], hi = new float[b.flatDim()];
                java.util.Arrays.fill(lo, b.low());
                java.util.Arrays.fill(hi, b.high());
                o.set("low", nestedInts(lo, b.shape(), 0, 0));
                o.set("high", nestedInts(hi, b.shape(), 0, 0));
            }
            default -> throw new IllegalArgumentException("Minari datasets hold Box and Discrete spaces; " + space
                    + " is not supported");
        }
        return o;
    }

    private static ArrayNode shape(int[] shape) {
        ArrayNode a = F.arrayNode();
        for (int d : shape) a.add(d);
        return a;
    }

    private static JsonNode nested(float[] v, int[] shape, int dim, int offset) {
        if (shape.length == 0) return F.numberNode((double) v[0]);
        ArrayNode a = F.arrayNode();
        int stride = 1;
        for (int i = dim + 1; i < shape.length; i++) stride *= shape[i];
        for (int i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) a.add((double) v[offset + i]);
            else a.add(nested(v, shape, dim + 1, offset + i * stride));
        }
        return a;
    }

    private static JsonNode nestedInts(float[] v, int[] shape, int dim, int offset) {
        ArrayNode a = F.arrayNode();
        int stride = 1;
        for (int i = dim + 1; i < shape.length; i++) stride *= shape[i];
        for (int i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) a.add((int) v[offset + i]);
            else a.add(nestedInts(v, shape, dim + 1, offset + i * stride));
        }
        return a;
    }

    /** The Bellman space of a Minari space description. */
    static Space<?> fromJson(JsonNode o, String what) {
        String type = o.path("type").asText("");
        switch (type) {
            case "Discrete" -> {
                return new Discrete(o.path("n").asInt(), o.path("start").asInt(0));
            }
            case "Box" -> {
                int[] shape = new int[o.path("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = o.path("shape").get(i).asInt();
                String dtype = o.path("dtype").asText("float32");
                float[] low = flatten(o.get("low"), shape), high = flatten(o.get("high"), shape);
                if (dtype.equals("uint8")) {
                    return new ByteBox((int) low[0], (int) high[0], shape);
                }
                if (!dtype.startsWith("float")) {
                    throw new IllegalArgumentException(what + " is a Box of " + dtype + "; Bellman reads float and uint8 Boxes");
                }
                return new Box(low, high, shape);
            }
            default -> throw new IllegalArgumentException(what + " is a Minari space of type '" + type
                    + "'; Bellman reads Box and Discrete spaces");
        }
    }

    private static float[] flatten(JsonNode n, int[] shape) {
        int size = 1;
        for (int d : shape) size *= d;
        float[] out = new float[size];
        if (n == null) throw new IllegalArgumentException("a Box space needs 'low' and 'high'");
        if (!n.isArray()) {
            java.util.Arrays.fill(out, (float) n.asDouble());
            return out;
        }
        int[] pos = {0};
        fill(n, out, pos);
        if (pos[0] != size) {
            throw new IllegalArgumentException("a Box bound has " + pos[0] + " values but its shape needs " + size);
        }
        return out;
    }

    private static void fill(JsonNode n, float[] out, int[] pos) {
        if (n.isArray()) {
            for (JsonNode c : n) fill(c, out, pos);
        } else {
            if (pos[0] < out.length) out[pos[0]] = (float) n.asDouble();
            pos[0]++;
        }
    }
}

package dev.bellman.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * A small builder of ONNX inference graphs over the classes generated from the official {@code onnx.proto}: weights
 * become float32 initializers, layers become standard operators of the default domain at {@link #OPSET}, and value
 * names are made unique by a counter. The graph's batch dimension is symbolic ({@code "batch"}).
 */
final class OnnxGraph {
    /** The opset of the default ONNX domain the graphs use. */
    static final int OPSET = 17;
    /** The IR version that introduced opset 17 (ONNX 1.12). */
    static final int IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> counters = new HashMap<>();
    private final List<String> docs = new ArrayList<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A fresh value name starting with {@code base}. */
    String fresh(String base) {
        int n = counters.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + (n - 1);
    }

    /** Declares the float32 graph input {@code name} of shape {@code [batch, dims...]}. */
    String floatInput(String name, int... dims) {
        graph.addInput(valueInfo(name, TensorProto.DataType.FLOAT, dims));
        counters.put(name, 1);
        return name;
    }

    /** Declares the int64 graph input {@code name} of shape {@code [batch, dims...]}. */
    String longInput(String name, int... dims) {
        graph.addInput(valueInfo(name, TensorProto.DataType.INT64, dims));
        counters.put(name, 1);
        return name;
    }

    /** Declares {@code value} a graph output named {@code name} ({@code Identity} when the names differ). */
    void output(String value, String name, TensorProto.DataType type, int... dims) {
        if (!value.equals(name)) {
            node("Identity", List.of(value), name, Map.of());
        }
        graph.addOutput(valueInfo(name, type, dims));
    }

    /** A float32 constant (initializer) of shape {@code dims} holding {@code values}. */
    String constantAt(String base, float[] values, int offset, int... dims) {
        String name = fresh(base);
        long n = 1;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (int d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (int i = 0; i < n; i++) {
            t.addFloatData(values[offset + i]);
        }
        graph.addInitializer(t);
        return name;
    }

    String constant(String base, float[] values, int... dims) {
        return constantAt(base, values, 0, dims);
    }

    /** An int64 constant of shape {@code dims}. */
    String longConstant(String base, long[] values, int... dims) {
        String name = fresh(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
        for (int d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds node {@code op} with one output, named after the op, and returns that output's name. */
    String node(String op, List<String> inputs, Map<String, Object> attributes) {
        return node(op, inputs, fresh(op.toLowerCase()), attributes);
    }

    String node(String op, List<String> inputs, String output, Map<String, Object> attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh("node_" + op)).addOutput(output);
        n.addAllInput(inputs);
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> n.addAttribute(attribute(e.getKey(), e.getValue())));
        graph.addNode(n);
        return output;
    }

    String unary(String op, String x) {
        return node(op, List.of(x), Map.of());
    }

    String binary(String op, String a, String b) {
        return node(op, List.of(a, b), Map.of());
    }

    /** {@code x·Wᵀ + b} with {@code weight [out, in]} (as torch.nn.Linear), as one {@code Gemm}. */
    String linear(String x, String base, float[] weight, float[] bias, int out, int in) {
        String w = constant(base + ".weight", weight, out, in);
        List<String> inputs = new ArrayList<>(List.of(x, w));
        if (bias != null) {
            inputs.add(constant(base + ".bias", bias, out));
        }
        return node("Gemm", inputs, Map.of("transB", 1L));
    }

    /** A square-kernel convolution with {@code weight [out, in, k, k]}, optional bias, stride and zero padding. */
    String conv(String x, String base, float[] weight, int[] shape, float[] bias, int stride, int padding) {
        String w = constant(base + ".weight", weight, shape);
        List<String> inputs = new ArrayList<>(List.of(x, w));
        if (bias != null) {
            inputs.add(constant(base + ".bias", bias, shape[0]));
        }
        return node("Conv", inputs, Map.of("kernel_shape", new long[] {shape[2], shape[3]},
                "strides", new long[] {stride, stride}, "pads", new long[] {padding, padding, padding, padding}));
    }

    /** {@code min(max(x, lo), hi)} elementwise, with per-feature bounds broadcast over the batch. */
    String clip(String x, String base, float[] lo, float[] hi) {
        String l = constant(base + ".low", lo, lo.length);
        String h = constant(base + ".high", hi, hi.length);
        return binary("Min", binary("Max", x, l), h);
    }

    /** {@code x ⊙ scale} or {@code x + shift} etc. with a scalar constant. */
    String scalar(String op, String x, String base, float value) {
        return binary(op, x, constant(base, new float[] {value}));
    }

    /** Flattens {@code [B, ...]} to {@code [B, rest]}. */
    String flatten(String x) {
        return node("Flatten", List.of(x), Map.of("axis", 1L));
    }

    /** The first index of the maximum along axis 1, {@code [B]} int64 (ties go to the lowest index). */
    String argmax(String x) {
        return node("ArgMax", List.of(x), Map.of("axis", 1L, "keepdims", 0L, "select_last_index", 0L));
    }

    /** A note for the model's doc string. */
    void doc(String line) {
        docs.add(line);
    }

    /** The finished model: IR {@link #IR_VERSION}, default domain at {@link #OPSET}. */
    ModelProto model(String producerVersion) {
        graph.setDocString(String.join("\n", docs));
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("bellman")
                .setProducerVersion(producerVersion)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        switch (value) {
            case Long l -> a.setType(AttributeProto.AttributeType.INT).setI(l);
            case Float f -> a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            case long[] ls -> {
                a.setType(AttributeProto.AttributeType.INTS);
                for (long l : ls) {
                    a.addInts(l);
                }
            }
            default -> throw new IllegalArgumentException("unsupported attribute type " + value.getClass());
        }
        return a.build();
    }
}

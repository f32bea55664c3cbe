/**
 * ONNX export of trained Bellman policies ({@link dev.bellman.onnx.OnnxExport}): standard ONNX models (opset 17, IR
 * version 8) built with the Java classes that protoc generates from the official {@code onnx.proto} (package
 * {@code onnx}), with the observation preprocessing folded into the graph, for ONNX Runtime and other ONNX consumers.
 * Depends on {@code bellman-agents} and protobuf-java (docs/dependencies.md).
 */
package dev.bellman.onnx;

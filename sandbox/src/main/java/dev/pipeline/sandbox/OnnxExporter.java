package dev.pipeline.sandbox;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trained {@link Cnn} as an ONNX graph, and lays it out as a Triton model repository:
 *
 * <pre>
 * model_repo/aframe/config.pbtxt     platform onnxruntime_onnx, input "whitened", output "discriminator"
 * model_repo/aframe/1/model.onnx
 * </pre>
 *
 * The graph is Conv, Relu, Conv, Relu, GlobalMaxPool, Flatten, Gemm(transB=1): the same
 * operations, weight layouts and order as {@link Cnn#forward}. IR version 8 with opset 17 (accepted
 * by every recent ONNX Runtime and by the onnx checker); the batch axis is symbolic; weights are
 * little-endian float32 raw data (big-endian silently gives garbage, see ml-stack.md).
 */
final class OnnxExporter {
  static final String INPUT = "whitened";
  static final String OUTPUT = "discriminator";
  static final String MODEL_NAME = "aframe";

  private OnnxExporter() {}

  static byte[] toOnnx(Cnn m) {
    GraphProto.Builder front = GraphProto.newBuilder();
    String first = INPUT;
    if (m.decimation > 1) { // the anti-aliasing low-pass: one depthwise strided Conv, fixed taps
      float[] taps = new float[m.channels * m.antiAlias.length];
      for (int c = 0; c < m.channels; c++) {
        System.arraycopy(m.antiAlias, 0, taps, c * m.antiAlias.length, m.antiAlias.length);
      }
      front.addInitializer(tensor("anti_alias", taps, m.channels, 1, m.antiAlias.length))
          .addNode(node("Conv", "decimated", INPUT, "anti_alias").toBuilder()
              .addAttribute(intsAttr("kernel_shape", m.antiAlias.length))
              .addAttribute(intsAttr("strides", m.decimation))
              .addAttribute(intAttr("group", m.channels))
              .build());
      first = "decimated";
    }
    GraphProto graph =
        front
            .setName("sandbox_cnn")
            .addInput(valueInfo(INPUT, m.channels, m.inputLength))
            .addOutput(valueInfo(OUTPUT, 1))
            .addInitializer(tensor("w1", m.w1, m.f1, m.channels, m.k1))
            .addInitializer(tensor("b1", m.b1, m.f1))
            .addInitializer(tensor("w2", m.w2, m.f2, m.f1, m.k2))
            .addInitializer(tensor("b2", m.b2, m.f2))
            .addInitializer(tensor("w3", m.w3, 1, m.f2))
            .addInitializer(tensor("b3", m.b3, 1))
            .addNode(conv(first, "w1", "b1", "conv1", m.k1, m.s1))
            .addNode(node("Relu", "relu1", "conv1"))
            .addNode(conv("relu1", "w2", "b2", "conv2", m.k2, m.s2))
            .addNode(node("Relu", "relu2", "conv2"))
            .addNode(node("GlobalMaxPool", "pooled", "relu2"))
            .addNode(node("Flatten", "flat", "pooled").toBuilder().addAttribute(intAttr("axis", 1)))
            .addNode(
                node("Gemm", OUTPUT, "flat", "w3", "b3").toBuilder().addAttribute(intAttr("transB", 1)))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("pipeline-sandbox")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  /** Writes model_repo/aframe/{config.pbtxt, 1/model.onnx} under {@code repo}. */
  static Path writeRepository(Cnn m, Path repo, int maxBatchSize) throws IOException {
    Path modelDir = repo.resolve(MODEL_NAME);
    Path file = modelDir.resolve("1").resolve("model.onnx");
    Files.createDirectories(file.getParent());
    Files.write(file, toOnnx(m));
    Files.writeString(modelDir.resolve("config.pbtxt"), tritonConfig(m, maxBatchSize));
    return file;
  }

  /** Triton's model configuration; dims exclude the batch axis because max_batch_size > 0. */
  static String tritonConfig(Cnn m, int maxBatchSize) {
    return String.join(
        "\n",
        "name: \"" + MODEL_NAME + "\"",
        "platform: \"onnxruntime_onnx\"",
        "max_batch_size: " + maxBatchSize,
        "input [",
        "  { name: \"" + INPUT + "\" data_type: TYPE_FP32 dims: [ " + m.channels + ", " + m.inputLength + " ] }",
        "]",
        "output [",
        "  { name: \"" + OUTPUT + "\" data_type: TYPE_FP32 dims: [ 1 ] }",
        "]",
        "instance_group [ { count: 1 kind: KIND_CPU } ]",
        "");
  }

  private static NodeProto conv(String in, String w, String b, String out, int kernel, int stride) {
    return node("Conv", out, in, w, b).toBuilder()
        .addAttribute(intsAttr("kernel_shape", kernel))
        .addAttribute(intsAttr("strides", stride))
        .build();
  }

  private static NodeProto node(String op, String output, String... inputs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
    for (String i : inputs) {
      n.addInput(i);
    }
    return n.build();
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static AttributeProto intsAttr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INTS)
        .addInts(value)
        .build();
  }

  private static TensorProto tensor(String name, float[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  /** A float tensor type whose first axis is the symbolic "batch". */
  private static ValueInfoProto valueInfo(String name, long... dims) {
    TensorShapeProto.Builder shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}

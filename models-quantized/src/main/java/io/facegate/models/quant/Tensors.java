package io.facegate.models.quant;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import com.google.protobuf.ByteString;

import io.facegate.models.onnx.Onnx.TensorProto;
import io.facegate.models.onnx.Onnx.TensorProto.DataType;

/** Reading and writing ONNX initializers (raw little-endian data, as ONNX stores it). */
final class Tensors {

    private Tensors() {
    }

    static float[] floats(TensorProto t) {
        if (t.getDataType() != DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException(t.getName() + " is not float32 (data_type " + t.getDataType() + ")");
        }
        if (t.getFloatDataCount() > 0) {
            float[] out = new float[t.getFloatDataCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = t.getFloatData(i);
            }
            return out;
        }
        var buffer = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    static long[] longs(TensorProto t) {
        if (t.getDataType() != DataType.INT64_VALUE) {
            throw new IllegalArgumentException(t.getName() + " is not int64 (data_type " + t.getDataType() + ")");
        }
        if (t.getInt64DataCount() > 0) {
            return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        var buffer = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        long[] out = new long[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    static TensorProto ofFloats(String name, List<Long> dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return raw(name, DataType.FLOAT, dims, bytes.array());
    }

    static TensorProto ofInts(String name, List<Long> dims, int[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        return raw(name, DataType.INT32, dims, bytes.array());
    }

    static TensorProto ofBytes(String name, DataType type, List<Long> dims, byte[] values) {
        return raw(name, type, dims, values);
    }

    private static TensorProto raw(String name, DataType type, List<Long> dims, byte[] data) {
        return TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).addAllDims(dims)
                .setRawData(ByteString.copyFrom(data)).build();
    }

    static long elements(List<Long> dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }
}

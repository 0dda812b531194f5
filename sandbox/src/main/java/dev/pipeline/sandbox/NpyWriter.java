package dev.pipeline.sandbox;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a NumPy {@code .npy} file (format 1.0, little-endian, C order) as a stream: the header
 * first, then the data in whatever chunks the caller produces, through a 64 KiB buffer. Nothing
 * the size of the array is ever held in memory. {@code np.load(path)} reads the result.
 *
 * <p>Two kinds: plain arrays of float32/float64 with a known shape (the count written is checked on
 * close), and record tables ({@code np.load(p)['time']}) of float64/int64 fields whose row count
 * need not be known up front: the header reserves room for the largest row count and is rewritten
 * with the real one on close.
 */
final class NpyWriter implements Closeable {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

  /** A field of a record table: {@code f8} or {@code i8}. */
  record Field(String name, boolean integer) {
    static Field f8(String name) {
      return new Field(name, false);
    }

    static Field i8(String name) {
      return new Field(name, true);
    }
  }

  private final FileChannel channel;
  private final String descr;
  private final long[] shape; // shape[0] < 0: rows counted while writing
  private final List<Field> fields;
  private final int headerLength;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private long items;

  private NpyWriter(Path path, String descr, long[] shape, List<Field> fields) throws IOException {
    this.channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    this.descr = descr;
    this.shape = shape.clone();
    this.fields = fields;
    long[] widest = shape.clone();
    if (widest[0] < 0) {
      widest[0] = Long.MAX_VALUE;
    }
    byte[] header = header(descr, widest, 0);
    this.headerLength = header.length;
    channel.write(ByteBuffer.wrap(header(descr, shape[0] < 0 ? zeroRows(shape) : shape, headerLength)));
  }

  static NpyWriter float32(Path path, long... shape) throws IOException {
    return new NpyWriter(path, "'<f4'", shape, List.of());
  }

  static NpyWriter float64(Path path, long... shape) throws IOException {
    return new NpyWriter(path, "'<f8'", shape, List.of());
  }

  /** A 1-D table of records with the given fields; rows are counted as they are written. */
  static NpyWriter records(Path path, List<Field> fields) throws IOException {
    List<String> parts = new ArrayList<>();
    for (Field f : fields) {
      parts.add("('" + f.name() + "', '" + (f.integer() ? "<i8" : "<f8") + "')");
    }
    return new NpyWriter(path, "[" + String.join(", ", parts) + "]", new long[] {-1}, fields);
  }

  void write(float[] values, int offset, int length) throws IOException {
    checkPlain("<f4");
    for (int i = offset; i < offset + length; i++) {
      room(4);
      buffer.putFloat(values[i]);
    }
    items += length;
  }

  void write(float[] values) throws IOException {
    write(values, 0, values.length);
  }

  /** Writes doubles to a float32 array (narrowing) or to a float64 array. */
  void write(double[] values) throws IOException {
    boolean narrow = descr.equals("'<f4'");
    if (!narrow) {
      checkPlain("<f8");
    }
    for (double v : values) {
      room(8);
      if (narrow) {
        buffer.putFloat((float) v);
      } else {
        buffer.putDouble(v);
      }
    }
    items += values.length;
  }

  /** One row of a record table, values in field order (integer fields are rounded). */
  void writeRecord(double... values) throws IOException {
    if (fields.isEmpty() || values.length != fields.size()) {
      throw new IllegalArgumentException("expected " + fields.size() + " values per record");
    }
    for (int i = 0; i < values.length; i++) {
      room(8);
      if (fields.get(i).integer()) {
        buffer.putLong(Math.round(values[i]));
      } else {
        buffer.putDouble(values[i]);
      }
    }
    items++;
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
      long[] finalShape = shape.clone();
      if (finalShape[0] < 0) {
        long perRow = 1;
        for (int i = 1; i < shape.length; i++) {
          perRow *= shape[i];
        }
        finalShape[0] = fields.isEmpty() ? items / perRow : items;
        channel.write(ByteBuffer.wrap(header(descr, finalShape, headerLength)), 0);
      } else {
        long expected = 1;
        for (long d : shape) {
          expected *= d;
        }
        if (expected != items) {
          throw new IOException("npy shape expects " + expected + " values, " + items + " written");
        }
      }
    } finally {
      channel.close();
    }
  }

  private void checkPlain(String type) {
    if (!descr.equals("'" + type + "'")) {
      throw new IllegalStateException("this array is " + descr + ", not " + type);
    }
  }

  private void room(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      flush();
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private static long[] zeroRows(long[] shape) {
    long[] s = shape.clone();
    s[0] = 0;
    return s;
  }

  /** Preamble + dict, space-padded so the data start at a multiple of 64 and at least minLength. */
  static byte[] header(String descr, long[] shape, int minLength) {
    StringBuilder dims = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      dims.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    dims.append(shape.length == 1 ? ",)" : ")");
    StringBuilder dict =
        new StringBuilder("{'descr': ")
            .append(descr)
            .append(", 'fortran_order': False, 'shape': ")
            .append(dims)
            .append(", }");
    int total = MAGIC.length + 2 + dict.length() + 1;
    int padded = Math.max(minLength, (total + 63) / 64 * 64);
    if (padded % 64 != 0) {
      throw new IllegalStateException("npy header length must be a multiple of 64");
    }
    while (MAGIC.length + 2 + dict.length() + 1 < padded) {
      dict.append(' ');
    }
    dict.append('\n');
    byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).putShort((short) text.length).put(text);
    return out.array();
  }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code .npy} files written by {@link NpyWriter} or by NumPy: little-endian, C order,
 * {@code <f4}/{@code <f8}/{@code <i4}/{@code <i8} scalars or record tables of those. Reads are
 * positional ({@link #doubles(long, int)}), so callers can walk a long array in chunks.
 */
final class NpyReader implements Closeable {
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  private static final Pattern SIMPLE = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern FIELD = Pattern.compile("\\(\\s*'([^']+)'\\s*,\\s*'([^']+)'\\s*\\)");

  private final FileChannel channel;
  private final long dataStart;
  private final long[] shape;
  private final List<String> names = new ArrayList<>();
  private final List<String> types = new ArrayList<>();
  private final int itemBytes;

  NpyReader(Path path) throws IOException {
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    channel.read(pre, 0);
    pre.flip();
    if (pre.limit() < 10 || (pre.get(0) & 0xff) != 0x93 || pre.get(1) != 'N') {
      throw new IOException(path + " is not a .npy file");
    }
    int major = pre.get(6);
    int headerLength;
    int preamble;
    if (major == 1) {
      headerLength = pre.getShort(8) & 0xffff;
      preamble = 10;
    } else {
      headerLength = pre.getInt(8);
      preamble = 12;
    }
    ByteBuffer text = ByteBuffer.allocate(headerLength);
    channel.read(text, preamble);
    String header = new String(text.array(), StandardCharsets.ISO_8859_1);
    if (header.contains("'fortran_order': True")) {
      throw new IOException(path + ": Fortran-ordered arrays are not supported");
    }
    this.dataStart = preamble + headerLength;
    Matcher m = SHAPE.matcher(header);
    if (!m.find()) {
      throw new IOException(path + ": no shape in header " + header.strip());
    }
    List<Long> dims = new ArrayList<>();
    for (String part : m.group(1).split(",")) {
      if (!part.isBlank()) {
        dims.add(Long.parseLong(part.trim()));
      }
    }
    this.shape = dims.stream().mapToLong(Long::longValue).toArray();
    Matcher simple = SIMPLE.matcher(header);
    if (simple.find()) {
      types.add(simple.group(1));
    } else {
      Matcher f = FIELD.matcher(header.substring(header.indexOf("'descr'")));
      while (f.find()) {
        names.add(f.group(1));
        types.add(f.group(2));
      }
    }
    int bytes = 0;
    for (String t : types) {
      bytes += width(t, path);
    }
    this.itemBytes = bytes;
  }

  private static int width(String type, Path path) throws IOException {
    return switch (type) {
      case "<f4", "<i4" -> 4;
      case "<f8", "<i8" -> 8;
      default -> throw new IOException(path + ": unsupported dtype " + type);
    };
  }

  long[] shape() {
    return shape.clone();
  }

  /** Number of scalars (plain arrays) or records (tables). */
  long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** {@code count} scalars starting at scalar index {@code offset} (plain arrays). */
  double[] doubles(long offset, int count) throws IOException {
    if (!names.isEmpty()) {
      throw new IllegalStateException("record table; use columns()");
    }
    ByteBuffer buf = read(offset * itemBytes, (long) count * itemBytes);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = value(buf, types.get(0));
    }
    return out;
  }

  float[] floats(long offset, int count) throws IOException {
    double[] d = doubles(offset, count);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = (float) d[i];
    }
    return out;
  }

  /** Every column of a record table, by field name. */
  Map<String, double[]> columns() throws IOException {
    int rows = (int) size();
    ByteBuffer buf = read(0, (long) rows * itemBytes);
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String n : names) {
      out.put(n, new double[rows]);
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < names.size(); c++) {
        out.get(names.get(c))[r] = value(buf, types.get(c));
      }
    }
    return out;
  }

  private static double value(ByteBuffer buf, String type) {
    return switch (type) {
      case "<f4" -> buf.getFloat();
      case "<f8" -> buf.getDouble();
      case "<i4" -> buf.getInt();
      default -> buf.getLong();
    };
  }

  private ByteBuffer read(long byteOffset, long length) throws IOException {
    if (length > Integer.MAX_VALUE) {
      throw new IOException("read too large: " + length + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    long pos = dataStart + byteOffset;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of .npy data");
      }
    }
    return buf.flip();
  }

  /** Whole file, convenience for small arrays. */
  static double[] readAll(Path path) throws IOException {
    try (NpyReader r = new NpyReader(path)) {
      return r.doubles(0, (int) r.size());
    }
  }

  static Map<String, double[]> readTable(Path path) throws IOException {
    try (NpyReader r = new NpyReader(path)) {
      return r.columns();
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

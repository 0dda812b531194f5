package dev.pipeline.engine.config;

import dev.pipeline.api.error.IoFaults;
import dev.pipeline.api.error.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a user's text file (sweep YAML, grids) as UTF-8, with errors that say what is wrong with
 * the file: a directory, or the line of the first byte that is not UTF-8, instead of the JDK's
 * {@code Input length = 1}.
 */
public final class Utf8Files {
  private Utf8Files() {}

  /** The file's text; {@code what} names it in errors ("sweep file"), {@code option} how it was given. */
  public static String read(Path file, String what, String option) {
    if (Files.isDirectory(file)) {
      throw new UsageException(what + " " + file + " is a directory; pass the file itself with "
          + option + " FILE");
    }
    if (!Files.exists(file)) {
      throw new UsageException(what + " " + file + " does not exist (pass it with " + option + " FILE)");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UsageException(IoFaults.describe("read", e));
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int bad = firstInvalid(bytes);
      throw new UsageException(file + ":" + lineOf(bytes, bad) + ": not UTF-8 text (byte 0x"
          + String.format("%02x", bytes[bad] & 0xff) + " at offset " + bad + "); save the file as UTF-8");
    }
  }

  /** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
  private static int firstInvalid(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : Math.max(0, bytes.length - 1);
  }

  private static int lineOf(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}

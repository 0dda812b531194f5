package dev.pipeline.api.targets.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Fingerprints of local outputs from one {@code stat} per file: size, modification time (to the
 * file system's resolution) and the file key (device and inode), which a stage-and-rename replace
 * always changes even when size and time happen to match.
 */
final class LocalFingerprints {
  private LocalFingerprints() {}

  /** {@code size:mtime_ns:key} of a file, or null when it is absent. */
  static String file(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return a.size() + ":" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + ":" + key(a);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * {@code dir:files:bytes:latest_mtime_ns:key} over every file below a directory (a rename of a
   * new directory changes its key; an edit inside changes the totals), or null when it is absent.
   */
  static String directory(Path path) {
    long[] totals = new long[3];
    try {
      BasicFileAttributes own = Files.readAttributes(path, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      if (!own.isDirectory()) {
        return null;
      }
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
          totals[0]++;
          totals[1] += a.size();
          totals[2] = Math.max(totals[2], a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
          return FileVisitResult.CONTINUE;
        }
      });
      return "dir:" + totals[0] + ":" + totals[1] + ":" + totals[2] + ":" + key(own);
    } catch (IOException e) {
      return null;
    }
  }

  private static String key(BasicFileAttributes a) {
    Object key = a.fileKey();
    return key == null ? "-" : Integer.toHexString(key.hashCode());
  }
}

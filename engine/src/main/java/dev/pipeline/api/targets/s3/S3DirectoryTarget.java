package dev.pipeline.api.targets.s3;

import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.TargetStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A key prefix whose files are uploaded first and a completion marker ({@value #MARKER}) last:
 * the directory exists only once the marker does, so a partial upload never looks complete.
 */
public final class S3DirectoryTarget implements DirectoryTarget {
  public static final String MARKER = "_SUCCESS";

  private final S3Store store;
  private final S3Uri location;

  S3DirectoryTarget(S3Store store, S3Uri location) {
    String key = location.key().replaceAll("/+$", "");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("an S3 directory target needs a key prefix: " + location);
    }
    this.store = store;
    this.location = new S3Uri(location.bucket(), key);
  }

  /** The location without a trailing slash. */
  public S3Uri location() {
    return location;
  }

  /** The object written last. */
  public S3Uri marker() {
    return location.resolve(MARKER);
  }

  /** A file inside the directory (to read once the directory exists). */
  public S3FileTarget child(String relative) {
    return new S3FileTarget(store, location.resolve(relative));
  }

  /** Relative names of the files in the directory, the marker left out. */
  public List<String> list() throws IOException {
    String prefix = location.key() + "/";
    try {
      List<String> out = new ArrayList<>();
      for (String key : store.listKeys(location.bucket(), prefix)) {
        String rel = key.substring(prefix.length());
        if (!rel.equals(MARKER)) {
          out.add(rel);
        }
      }
      out.sort(null);
      return out;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Downloads the committed directory into {@code to} (created). */
  public void download(Path to) throws IOException {
    for (String rel : list()) {
      Path dest = to.resolve(rel);
      Files.createDirectories(dest.getParent());
      child(rel).download(dest);
    }
  }

  @Override
  public boolean exists() {
    return store.head(marker());
  }

  /** The completion marker's upload time: a directory uploaded again gets a new marker. */
  @Override
  public String fingerprint() {
    return store.fingerprint(marker(), true);
  }

  @Override
  public String uri() {
    return location + "/";
  }

  /** Removes the marker first, so the directory stops counting as complete before it shrinks. */
  @Override
  public void remove() throws IOException {
    store.delete(marker());
    store.deletePrefix(location.bucket(), location.key() + "/");
  }

  @Override
  public TargetStore store() {
    return store;
  }

  @Override
  public Staged stage() throws IOException {
    Path dir = S3Staging.newDirectory(location.name());
    Path tree = Files.createDirectory(dir.resolve(location.name()));
    return new S3Staging(dir, tree, () -> commit(tree));
  }

  private void commit(Path tree) throws IOException {
    if (exists()) {
      throw new IOException("output directory " + uri() + " already exists; remove it before re-running");
    }
    // Leftovers of an interrupted upload: never complete (no marker), replaced now.
    store.deletePrefix(location.bucket(), location.key() + "/");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(tree)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      String rel = tree.relativize(f).toString().replace(File.separatorChar, '/');
      store.upload(f, location.resolve(rel));
    }
    Path marker = tree.getParent().resolve(".marker");
    // Not empty: an empty PUT body through the url-connection client fails against some servers.
    Files.writeString(marker, "complete: " + files.size() + " files\n");
    store.upload(marker, marker());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof S3DirectoryTarget t && t.store == store && t.location.equals(location);
  }

  @Override
  public int hashCode() {
    return location.hashCode() * 31;
  }

  @Override
  public String toString() {
    return uri();
  }
}

package dev.pipeline.api.targets.local;

import dev.pipeline.api.targets.Staged;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hidden sibling ({@code .name.tmp-PID-N}) of the final path. Being a sibling keeps the final
 * rename on one file system, where POSIX rename is atomic; being hidden and suffixed means no
 * reader or completeness check ever mistakes it for the output.
 *
 * <p>A writer that was killed leaves its sibling behind (a half-written model, a partial data
 * set). The next writer of the same output removes such leftovers: it is the task's only writer
 * now (the engine's claim on the task says so), and nothing else ever commits them. To keep that
 * cheap, each parent directory is listed once per process, when this process first writes there.
 */
final class LocalStaged implements Staged {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final long PID = ProcessHandle.current().pid();
  private static final Pattern STAGING_NAME = Pattern.compile("\\.(.+)\\.tmp-\\d+-\\d+(?:\\.d)?");
  private static final int MAX_PARENTS = 10_000;
  /** Parent directories this process writes in, with the leftovers found there by output name. */
  private static final Map<Path, Map<String, List<Path>>> PARENTS = new ConcurrentHashMap<>();

  private final Path finalPath;
  private final Path tempPath;
  private final boolean directory;
  private boolean committed;

  private LocalStaged(Path finalPath, boolean directory) throws IOException {
    this.finalPath = finalPath;
    this.directory = directory;
    Path parent = finalPath.toAbsolutePath().getParent();
    String name = "." + finalPath.getFileName() + ".tmp-" + PID + "-" + COUNTER.incrementAndGet();
    this.tempPath = parent.resolve(name);
    // Thousands of outputs share a few parents: create (and list) each parent once per process.
    Map<String, List<Path>> leftovers = PARENTS.get(parent);
    if (leftovers == null) {
      Files.createDirectories(parent);
      leftovers = PARENTS.size() < MAX_PARENTS
          ? PARENTS.computeIfAbsent(parent, LocalStaged::leftovers) : Map.of();
    }
    if (!leftovers.isEmpty()) {
      removeLeftovers(leftovers.remove(finalPath.getFileName().toString()));
    }
    if (directory) {
      Files.createDirectory(tempPath);
    }
  }

  static LocalStaged file(Path finalPath) throws IOException {
    return new LocalStaged(finalPath, false);
  }

  static LocalStaged directory(Path finalPath) throws IOException {
    return new LocalStaged(finalPath, true);
  }

  /** The staging siblings in {@code parent} that earlier writers left, by output name. */
  private static Map<String, List<Path>> leftovers(Path parent) {
    // Names only (File.list): a parent may hold 100,000 outputs, and none of them needs a Path.
    String[] names = parent.toFile().list();
    if (names == null) {
      Log.LOG.debug("cannot list {} for leftover staging files", parent);
      return Map.of();
    }
    Map<String, List<Path>> found = new ConcurrentHashMap<>();
    for (String name : names) {
      if (isStagingName(name)) {
        Matcher m = STAGING_NAME.matcher(name);
        if (m.matches()) {
          found.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(parent.resolve(name));
        }
      }
    }
    return found.isEmpty() ? Map.of() : found;
  }

  private static void removeLeftovers(List<Path> paths) {
    if (paths == null) {
      return;
    }
    for (Path p : paths) {
      try {
        LocalPaths.deleteRecursively(p);
        Log.LOG.info("removed {}, left by an earlier writer of this output that did not finish", p);
      } catch (IOException e) {
        Log.LOG.debug("cannot remove leftover {}: {}", p, e.toString());
      }
    }
  }

  /** Whether a file name is a staging sibling, never an output. */
  static boolean isStagingName(String fileName) {
    return fileName.startsWith(".") && fileName.contains(".tmp-");
  }

  @Override
  public Path path() {
    return tempPath;
  }

  @Override
  public void commit() throws IOException {
    if (committed) {
      return;
    }
    // rename(2) replaces an empty directory silently, and reports a non-empty one as ENOTEMPTY,
    // which Java surfaces as a plain FileSystemException: check first, and map what the rename
    // says if the directory appeared in between. (Files need no pre-check: a missing staged file
    // is reported by the rename itself.)
    if (directory && Files.exists(finalPath, LinkOption.NOFOLLOW_LINKS)) {
      throw directoryExists(null);
    }
    try {
      Files.move(tempPath, finalPath, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      throw new IOException("nothing was written to " + finalPath + " before commit", e);
    } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
      throw directoryExists(e);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("file system of " + finalPath + " cannot rename atomically", e);
    } catch (FileSystemException e) {
      if (directory && Files.exists(finalPath, LinkOption.NOFOLLOW_LINKS)) {
        throw directoryExists(e);
      }
      throw e;
    }
    committed = true;
  }

  private IOException directoryExists(Exception cause) {
    return new IOException(
        "output directory " + finalPath + " already exists; remove it before re-running", cause);
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      LocalPaths.deleteRecursively(tempPath);
    }
  }

  /** Loaded only when there is something to say: logging set-up costs a short run ~0.1 s. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(LocalStaged.class);
  }
}

package dev.pipeline.api.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;

/**
 * File-system faults in words for a user: {@code cannot write /x/out: read-only file system}
 * instead of {@code FileSystemException: /x/out: Read-only file system at sun.nio.fs...}. The JDK
 * names the cause by the exception's class for some faults and by the OS's text for the others.
 */
public final class IoFaults {
  private IoFaults() {}

  /** True for the faults {@link #describe} words: I/O errors, also wrapped in an unchecked one. */
  public static boolean isIoFault(Throwable e) {
    return e instanceof IOException || e instanceof UncheckedIOException
        || e instanceof ReadOnlyFileSystemException;
  }

  /** {@code cannot VERB PATH: CAUSE}; {@code verb} is what was being done ("write", "read"). */
  public static String describe(String verb, Throwable e) {
    Throwable fault = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    if (fault instanceof FileSystemException fs) {
      String path = fs.getOtherFile() != null ? fs.getFile() + " -> " + fs.getOtherFile() : fs.getFile();
      return "cannot " + verb + " " + path + ": " + cause(fs);
    }
    if (fault instanceof ReadOnlyFileSystemException) {
      return "cannot " + verb + ": read-only file system";
    }
    String message = fault.getMessage() == null ? "input/output error" : lowerFirst(fault.getMessage());
    return message.startsWith("cannot ") ? message : "cannot " + verb + ": " + message;
  }

  /** The cause alone, in words: "read-only file system", "no space left on device". */
  public static String cause(Throwable e) {
    Throwable fault = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    if (fault instanceof FileSystemException fs) {
      return cause(fs);
    }
    return fault.getMessage() == null ? "input/output error" : lowerFirst(fault.getMessage());
  }

  /** The cause alone, in words, of a fault that names its path. */
  public static String cause(FileSystemException fs) {
    if (fs.getReason() != null && !fs.getReason().isBlank()) {
      return lowerFirst(fs.getReason());
    }
    if (fs instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (fs instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (fs instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (fs instanceof FileAlreadyExistsException) {
      // Also what creating a directory says when a file has its name: say which it is.
      return fs.getFile() != null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(fs.getFile()))
          ? "already exists as a file" : "already exists";
    }
    if (fs instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    if (fs instanceof FileSystemLoopException) {
      return "symbolic link loop";
    }
    return "input/output error";
  }

  private static String lowerFirst(String text) {
    // "Read-only file system" reads as a sentence fragment after "cannot write x: ".
    if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
      return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
    return text;
  }
}

package dev.pipeline.api.targets.s3;

import dev.pipeline.api.targets.StorageFault;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 endpoint with its client. Each run owns one, built from its {@code [s3]} settings
 * ({@code RunContext#s3()}); the targets its tasks make reach it through their configuration
 * ({@link dev.pipeline.api.Targets#file(dev.pipeline.api.Task, String)}), so two runs in one
 * process each talk to their own endpoint. Bulk existence lists each common prefix once (one paginated
 * ListObjectsV2, 1,000 keys a page) instead of one HEAD per target; the listing serves the rest
 * of that call only, so a scheduling pass (one call per graph level) never sees older state.
 */
public final class S3Store implements TargetStore {
  /** Below this many targets under one prefix, HEAD requests are cheaper than a listing. */
  static final int LISTING_THRESHOLD = 4;

  private final S3Settings settings;
  private final Supplier<S3Client> factory;
  private volatile S3Client client;
  final AtomicLong listCalls = new AtomicLong();
  final AtomicLong headCalls = new AtomicLong();

  public S3Store(S3Settings settings, Supplier<S3Client> factory) {
    this.settings = settings;
    this.factory = factory;
  }

  /** A store whose client takes its credentials from the AWS default chain. */
  public S3Store(S3Settings settings) {
    this(settings, () -> S3Clients.create(settings));
  }

  /**
   * The store of code outside any run (a task created without a run's configuration, a container
   * that only has its environment): settings from the process environment, which cannot change
   * while the process lives, so this is a constant built on first use rather than state that
   * anything could install or replace. One client serves all such targets: a client costs about
   * 250 ms and holds a connection pool.
   */
  public static S3Store environment() {
    return EnvironmentStore.INSTANCE;
  }

  /** Holder: built on first use, not when the class is loaded. */
  private static final class EnvironmentStore {
    static final S3Store INSTANCE = new S3Store(S3Settings.fromEnvironment());
  }

  public S3Settings settings() {
    return settings;
  }

  /** The client, built on first use (building one costs about 250 ms). */
  public S3Client client() {
    S3Client c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = client = factory.get();
        }
      }
    }
    return c;
  }

  public S3FileTarget file(String uri) {
    return new S3FileTarget(this, S3Uri.parse(uri));
  }

  public S3DirectoryTarget directory(String uri) {
    return new S3DirectoryTarget(this, S3Uri.parse(uri));
  }

  // ---- bulk existence --------------------------------------------------------------------

  @Override
  public boolean[] exists(List<? extends Target> targets) {
    boolean[] out = new boolean[targets.size()];
    Map<String, List<Integer>> byPrefix = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      S3Uri key = probeKey(targets.get(i));
      byPrefix.computeIfAbsent(key.bucket() + "\0" + listingPrefix(targets.get(i)),
          k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Integer>> group : byPrefix.entrySet()) {
      List<Integer> indices = group.getValue();
      if (indices.size() < LISTING_THRESHOLD) {
        for (int i : indices) {
          out[i] = targets.get(i).exists();
        }
        continue;
      }
      String[] bucketAndPrefix = group.getKey().split("\0", 2);
      Set<String> keys = listKeys(bucketAndPrefix[0], bucketAndPrefix[1]);
      for (int i : indices) {
        out[i] = keys.contains(probeKey(targets.get(i)).key());
      }
    }
    return out;
  }

  /** The object whose presence means the target is complete (a directory's marker). */
  private static S3Uri probeKey(Target t) {
    if (t instanceof S3FileTarget f) {
      return f.location();
    }
    if (t instanceof S3DirectoryTarget d) {
      return d.marker();
    }
    throw new IllegalArgumentException("not an S3 target: " + t.uri());
  }

  /** Siblings share the parent "directory" of the target's own name. */
  private static String listingPrefix(Target t) {
    return t instanceof S3DirectoryTarget d ? d.location().parentPrefix() : probeKey(t).parentPrefix();
  }

  /**
   * Every key below {@code prefix}, all pages. A listing whose answer breaks off while it is
   * being read surfaces outside the SDK's retries (as an I/O error, not an SdkException), so the
   * whole listing is retried here, with the same number of attempts and exponential backoff.
   */
  Set<String> listKeys(String bucket, String prefix) {
    for (int attempt = 1; ; attempt++) {
      try {
        return listKeysOnce(bucket, prefix);
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof StorageFault) {
          throw e;
        }
        if (attempt >= settings.maxAttempts()) {
          throw new UncheckedIOException(new StorageFault("S3 listing " + new S3Uri(bucket, prefix)
              + " failed after " + attempt + " attempts: " + S3Errors.network(e)
              + "; check [s3] endpoint and the network, or run again later", e));
        }
        backoff(attempt);
      }
    }
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(Math.min(2_000L, 100L << Math.min(attempt, 5)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while listing"));
    }
  }

  private Set<String> listKeysOnce(String bucket, String prefix) {
    Set<String> keys = new HashSet<>();
    try {
      for (var page : client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
        listCalls.incrementAndGet();
        for (S3Object o : page.contents()) {
          keys.add(o.key());
        }
      }
    } catch (SdkException e) {
      throw S3Errors.unchecked("listing", new S3Uri(bucket, prefix), e);
    }
    return keys;
  }

  // ---- single-object operations, shared by the targets ------------------------------------

  boolean head(S3Uri uri) {
    headCalls.incrementAndGet();
    try {
      client().headObject(b -> b.bucket(uri.bucket()).key(uri.key()));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw S3Errors.unchecked("checking", uri, e);
    } catch (SdkException e) {
      throw S3Errors.unchecked("checking", uri, e);
    }
  }

  /**
   * {@code etag:ETAG:size} of an object (its content hash for single-part uploads), with the
   * upload time when {@code withTime} (for markers, whose content never changes); null if absent.
   */
  String fingerprint(S3Uri uri, boolean withTime) {
    headCalls.incrementAndGet();
    try {
      var head = client().headObject(b -> b.bucket(uri.bucket()).key(uri.key()));
      return "etag:" + head.eTag() + ":" + head.contentLength()
          + (withTime ? ":" + head.lastModified() : "");
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw S3Errors.unchecked("checking", uri, e);
    } catch (SdkException e) {
      throw S3Errors.unchecked("checking", uri, e);
    }
  }

  InputStream get(S3Uri uri) throws IOException {
    try {
      return client().getObject(b -> b.bucket(uri.bucket()).key(uri.key()));
    } catch (SdkException e) {
      throw S3Errors.translate("reading", uri, e);
    }
  }

  /** Uploads a local file; above the multipart threshold in parts. Invisible until complete. */
  void upload(Path file, S3Uri uri) throws IOException {
    long size = Files.size(file);
    try {
      if (size <= settings.multipartThreshold()) {
        client().putObject(b -> b.bucket(uri.bucket()).key(uri.key()), RequestBody.fromFile(file));
      } else {
        multipart(file, size, uri);
      }
    } catch (SdkException e) {
      throw S3Errors.translate("writing", uri, e);
    }
  }

  private void multipart(Path file, long size, S3Uri uri) throws IOException {
    S3Client s3 = client();
    String id = s3.createMultipartUpload(b -> b.bucket(uri.bucket()).key(uri.key())).uploadId();
    boolean done = false;
    try (var channel = FileChannel.open(file)) {
      long partSize = Math.max(16L << 20, (size + 9_999) / 10_000);
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long off = 0; off < size; off += partSize, number++) {
        int len = (int) Math.min(partSize, size - off);
        ByteBuffer buf = ByteBuffer.allocate(len);
        while (buf.hasRemaining()) {
          if (channel.read(buf, off + buf.position()) < 0) {
            throw new IOException(file + " shrank while uploading");
          }
        }
        buf.flip();
        int n = number;
        String etag = s3.uploadPart(b -> b.bucket(uri.bucket()).key(uri.key()).uploadId(id).partNumber(n),
            RequestBody.fromByteBuffer(buf)).eTag();
        parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
      }
      s3.completeMultipartUpload(b -> b.bucket(uri.bucket()).key(uri.key()).uploadId(id)
          .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
      done = true;
    } finally {
      if (!done) {
        try {
          s3.abortMultipartUpload(b -> b.bucket(uri.bucket()).key(uri.key()).uploadId(id));
        } catch (SdkException ignored) {
          // the bucket's lifecycle rule removes abandoned parts
        }
      }
    }
  }

  void delete(S3Uri uri) throws IOException {
    try {
      client().deleteObject(b -> b.bucket(uri.bucket()).key(uri.key()));
    } catch (SdkException e) {
      throw S3Errors.translate("deleting", uri, e);
    }
  }

  /** Deletes every key below {@code prefix} in batches of 1,000. */
  void deletePrefix(String bucket, String prefix) throws IOException {
    List<String> keys;
    try {
      keys = new ArrayList<>(listKeys(bucket, prefix));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (int from = 0; from < keys.size(); from += 1000) {
      List<ObjectIdentifier> ids = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
          .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
      try {
        client().deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build()));
      } catch (SdkException e) {
        throw S3Errors.translate("deleting", new S3Uri(bucket, prefix), e);
      }
    }
  }

  @Override
  public String toString() {
    return "S3Store[" + (settings.endpoint() == null ? "aws" : settings.endpoint()) + "]";
  }
}

package dev.pipeline.engine.scheduler;

import dev.pipeline.api.Published;
import dev.pipeline.api.Task;
import dev.pipeline.engine.graph.TaskNode;
import dev.pipeline.engine.journal.PublishManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks that follow a producer's published items ({@link Task#follows()}): for each, the
 * producer's manifest and how far it has been read, and the items already turned into per-item
 * requirements. Not thread-safe: {@link RunProgress} calls it under the run loop's lock.
 */
final class Followers {
  private static final Logger LOG = LoggerFactory.getLogger(Followers.class);

  /** One follower and where it stands in its producer's manifest. */
  static final class Follower {
    final TaskNode node;
    final TaskNode producer;
    final Path manifest;
    long offset;
    /** Set once its requirements were all met and the manifest was read to the end. */
    boolean closed;
    final Set<String> attached = new HashSet<>();

    Follower(TaskNode node, TaskNode producer, Path manifest) {
      this.node = node;
      this.producer = producer;
      this.manifest = manifest;
    }
  }

  private final Path runDirectory;
  private final Map<Integer, Follower> byNode = new LinkedHashMap<>();
  /** Items announced (journal) per producer node, so each appears once per run. */
  private final Map<Integer, Set<String>> announced = new HashMap<>();

  Followers(Path runDirectory) {
    this.runDirectory = runDirectory;
  }

  void register(TaskNode node, TaskNode producer) {
    byNode.put(node.index(), new Follower(node, producer,
        PublishManifest.fileOf(runDirectory, producer.task().id())));
  }

  Follower of(TaskNode node) {
    return byNode.get(node.index());
  }

  /** Followers still waiting for items. */
  List<Follower> open() {
    List<Follower> out = new ArrayList<>();
    byNode.values().forEach(f -> {
      if (!f.closed) {
        out.add(f);
      }
    });
    return out;
  }

  boolean anyOpen() {
    for (Follower f : byNode.values()) {
      if (!f.closed) {
        return true;
      }
    }
    return false;
  }

  /** Items appended to {@code f}'s manifest since the last read, not yet attached to it. */
  List<Published> newItems(Follower f) {
    List<Published> out = new ArrayList<>();
    try {
      PublishManifest.Chunk chunk = PublishManifest.readFrom(f.manifest, f.offset);
      f.offset = chunk.next();
      List<String> problems = new ArrayList<>();
      for (Published p : PublishManifest.parse(chunk.text(), f.manifest, problems).values()) {
        if (f.attached.add(p.name())) {
          out.add(p);
        }
      }
      problems.forEach(p -> LOG.warn("published items: {}", p));
    } catch (IOException e) {
      LOG.warn("cannot read published items of {} from {}: {}", f.producer.task(), f.manifest,
          e.getMessage());
    }
    return out;
  }

  /** True the first time {@code name} of {@code producer} is seen in this run. */
  boolean firstAnnouncement(TaskNode producer, String name) {
    return announced.computeIfAbsent(producer.index(), k -> new HashSet<>()).add(name);
  }
}

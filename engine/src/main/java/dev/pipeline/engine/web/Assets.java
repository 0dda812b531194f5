package dev.pipeline.engine.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files the page is made of, read from the jar once: our page, script and style, and dagre
 * (graph layout, MIT licence) from its WebJar. Nothing is ever loaded from another site.
 */
public final class Assets {
  static final String DAGRE = "META-INF/resources/webjars/dagre/0.8.4/dist/dagre.min.js";
  static final String DAGRE_LICENSE = "META-INF/resources/webjars/dagre/0.8.4/LICENSE";
  private static final String OWN = "dev/pipeline/engine/web/";
  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private Assets() {}

  /** One of our files ({@code app.js}) or a WebJar path. */
  public static byte[] bytes(String name) {
    return CACHE.computeIfAbsent(name, Assets::load);
  }

  public static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** Our own file by its short name. */
  public static String own(String name) {
    return text(OWN + name);
  }

  /** dagre's script with its licence in front, as a report inlines it. */
  public static String dagreWithLicence() {
    return "/*! dagre 0.8.4 (https://github.com/dagrejs/dagre)\n" + text(DAGRE_LICENSE)
        .replace("*/", "* /") + "*/\n" + text(DAGRE);
  }

  private static byte[] load(String path) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

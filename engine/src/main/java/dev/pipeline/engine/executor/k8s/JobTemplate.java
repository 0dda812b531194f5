package dev.pipeline.engine.executor.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code templates/k8s-job.yaml}: {@code ${NAME}} placeholders replaced by JSON values, then parsed
 * into a fabric8 {@link Job}.
 */
final class JobTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final String text;

  private JobTemplate(String text) {
    this.text = text;
  }

  static JobTemplate load(Path file) throws IOException {
    if (file != null) {
      return new JobTemplate(Files.readString(file));
    }
    try (InputStream in = JobTemplate.class.getResourceAsStream("/dev/pipeline/engine/templates/k8s-job.yaml")) {
      if (in == null) {
        throw new IOException("built-in templates/k8s-job.yaml is missing from the jar");
      }
      return new JobTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The rendered YAML (no secret values ever go in here). */
  String render(Map<String, Object> values) throws IOException {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      if (!values.containsKey(m.group(1))) {
        throw new IOException("k8s job template: unknown placeholder ${" + m.group(1) + "}; known: "
            + new TreeSet<>(values.keySet()));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(JSON.writeValueAsString(values.get(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  Job job(Map<String, Object> values) throws IOException {
    Object parsed = SERIALIZATION.unmarshal(render(values));
    if (!(parsed instanceof Job job)) {
      throw new IOException("k8s job template must describe a batch/v1 Job, got "
          + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()));
    }
    return job;
  }
}

package dev.pipeline.engine.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {
  @Test
  void parse_keepsBucketAndPrefixWithoutTrailingSlash() {
    assertEquals("s3://bucket/runs/a", S3Location.parse("s3://bucket/runs/a/").uri());
    assertEquals("s3://my-bucket", S3Location.parse("s3://my-bucket").uri());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bucket/prefix", "gs://bucket", "s3:/bucket", "s3://", "s3:///prefix",
      "S3://bucket", "s3://bucket/with space", " s3://bucket"})
  void parse_rejectsWhatIsNotS3(String text) {
    UsageException e = assertThrows(UsageException.class, () -> S3Location.parse(text));
    assertEquals("--s3-bucket must look like s3://bucket/prefix, got '" + text + "'", e.getMessage());
    assertEquals(ExitCode.USAGE, e.exitCode());
  }
}

package dev.pipeline.engine.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage file: the wrapper's format, which the local executor writes too. */
class UsageFileTest {
  @TempDir Path tmp;

  @Test
  void parse_readsTheWrappersTimesAndMaxrss() {
    assertEquals(Optional.of(new ResourceUsage(0.33, 51234L, null)), UsageFile.parse(
        List.of("0m0.001s 0m0.002s", "0m0.310s 0m0.020s", "maxrss_kb 51234")));
  }

  @Test
  void write_isReadBackAsWritten() throws Exception {
    Path exit = tmp.resolve("job.exitcode");
    ResourceUsage used = new ResourceUsage(61.25, 51234L, null);
    UsageFile.write(exit, used);
    assertEquals(Optional.of(used), UsageFile.read(exit));
    UsageFile.write(exit, new ResourceUsage(null, 7L, null));
    assertEquals(Optional.of(new ResourceUsage(null, 7L, null)), UsageFile.read(exit));
    UsageFile.write(exit, new ResourceUsage(0.0, null, null));
    assertEquals(Optional.of(new ResourceUsage(0.0, null, null)), UsageFile.take(exit));
    UsageFile.write(exit, ResourceUsage.NONE);
    assertFalse(Files.exists(UsageFile.of(exit)), "nothing known, nothing written");
  }
}

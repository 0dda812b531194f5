package dev.pipeline.engine.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  @Test
  void render_scriptValuesBecomeOneShellWord() {
    Map<String, String> values = Map.of("home", "/opt/pipe line", "bucket", "", "kind", "sandbox");
    assertEquals("H=${H:-'/opt/pipe line'}\nB=''\n# sandbox }}",
        Template.render("run.sh", "H=${H:-{{home}}}\nB={{bucket}}\n# {{kind}} }}", values));
  }

  @Test
  void render_cfgValuesKeepDollarsLiteral() {
    assertEquals("path = /a/$$b", Template.render("x.cfg", "path = {{p}}", Map.of("p", "/a/$b")));
    assertEquals("path = /a/$b", Template.render("x.yaml", "path = {{p}}", Map.of("p", "/a/$b")));
  }

  @Test
  void render_unknownPlaceholderIsAnError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Template.render("run.sh", "{{directroy}}", Map.of("directory", "/x")));
    assertTrue(e.getMessage().contains("run.sh: no value for {{directroy}}"), e.getMessage());
  }

  @Test
  void shellWord_quotesOnlyWhatNeedsIt() {
    assertEquals("s3://bucket/a-b_c.d", Template.shellWord("s3://bucket/a-b_c.d"));
    assertEquals("'it'\\''s'", Template.shellWord("it's"));
    assertEquals("'$HOME'", Template.shellWord("$HOME"));
    assertEquals("'~/x'", Template.shellWord("~/x"));
  }
}

package dev.pipeline.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of README's Architecture section, checked on the compiled main classes of
 * every module (the cli sees them all). Known exceptions are listed by class, each with why and
 * who removes it, so that any new dependency still fails.
 */
class ArchitectureTest {
  /**
   * Known exception: the model configures tasks from the run's ParameterSource (handed to it by
   * the run context, never looked up) and borrows the config package's value parsers and
   * suggestions for parameter text; nothing else of the config package.
   */
  private static final Set<String> CONFIG_THE_MODEL_STILL_USES = Set.of(
      "dev.pipeline.engine.config.ParameterSource",
      "dev.pipeline.engine.config.Suggestions",
      "dev.pipeline.engine.config.ValueParsers");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("dev.pipeline");
  }

  @Test
  void theTaskApi_importsNothingOfTheEngine() {
    noClasses().that().resideInAPackage("dev.pipeline.api..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.pipeline.engine..", "dev.pipeline.tasks..", "dev.pipeline.sandbox..",
            "dev.pipeline.sweep..", "dev.pipeline.cli..")
        .check(classes);
  }

  @Test
  void taskModules_useOnlyTheTaskApi() {
    noClasses().that().resideInAnyPackage("dev.pipeline.tasks..", "dev.pipeline.sandbox..")
        .should().dependOnClassesThat(
            resideInAnyPackage("dev.pipeline.engine..", "dev.pipeline.sweep..", "dev.pipeline.cli.."))
        .check(classes);
  }

  @Test
  void theModel_doesNotReadConfiguration() {
    noClasses().that().resideInAPackage("dev.pipeline.engine.model..")
        .should().dependOnClassesThat(
            resideInAPackage("dev.pipeline.engine.config..").and(not(in(CONFIG_THE_MODEL_STILL_USES))))
        .check(classes);
  }

  @Test
  void executors_knowNoTasks() {
    noClasses().that().resideInAPackage("dev.pipeline.engine.executor..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.pipeline.engine.model..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.pipeline.api.Task")
        .check(classes);
  }

  @Test
  void packages_haveNoCycles() {
    slices().matching("dev.pipeline.(**)").should().beFreeOfCycles().check(classes);
  }

  /** One of {@code names}, nested classes included. */
  private static DescribedPredicate<JavaClass> in(Set<String> names) {
    return DescribedPredicate.describe("one of " + names,
        c -> names.contains(c.getName().replaceFirst("\\$.*", "")));
  }
}

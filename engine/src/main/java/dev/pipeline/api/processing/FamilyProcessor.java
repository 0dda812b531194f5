package dev.pipeline.api.processing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Registers every class annotated with {@code @Family} as a task family: writes {@code
 * META-INF/services/dev.pipeline.api.Task} into the compiled classes, so that a jar given to
 * {@code --classpath} (or {@code $PIPELINE_PLUGINS}) is found without a hand-written service file.
 * Runs by itself in any javac that has the engine on its class path. Entries already in the file
 * (from resources, or an earlier round) are kept. A family without a no-argument constructor is
 * built by code, never by name, and is left out.
 */
@SupportedAnnotationTypes(FamilyProcessor.FAMILY)
public final class FamilyProcessor extends AbstractProcessor {
  static final String FAMILY = "dev.pipeline.api.Family";
  static final String TASK = "dev.pipeline.api.Task";
  static final String SERVICE_FILE = "META-INF/services/" + TASK;

  private final Set<String> families = new TreeSet<>();

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement family = processingEnv.getElementUtils().getTypeElement(FAMILY);
    if (family != null) {
      for (Element e : round.getElementsAnnotatedWith(family)) {
        register(e);
      }
    }
    if (round.processingOver() && !families.isEmpty()) {
      write();
    }
    return false;
  }

  private void register(Element e) {
    TypeElement task = processingEnv.getElementUtils().getTypeElement(TASK);
    if (e.getKind() != ElementKind.CLASS || task == null) {
      error(e, "@Family belongs on a class that extends " + TASK);
      return;
    }
    TypeMirror type = e.asType();
    if (!processingEnv.getTypeUtils().isAssignable(processingEnv.getTypeUtils().erasure(type),
        processingEnv.getTypeUtils().erasure(task.asType()))) {
      error(e, "@Family on " + e + ": the class must extend " + TASK);
    } else if (e.getModifiers().contains(Modifier.ABSTRACT)) {
      error(e, "@Family on abstract " + e + ": name the concrete classes instead");
    } else if (hasNoArgumentConstructor(e)) {
      families.add(processingEnv.getElementUtils().getBinaryName((TypeElement) e).toString());
    }
  }

  /**
   * The engine creates a family by name through its no-argument constructor; a family without one
   * is built by code (a sweep's root task) and is not registered.
   */
  private static boolean hasNoArgumentConstructor(Element type) {
    return ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty());
  }

  private void write() {
    Set<String> all = new TreeSet<>(existing());
    all.addAll(families);
    try {
      FileObject file = processingEnv.getFiler()
          .createResource(StandardLocation.CLASS_OUTPUT, "", SERVICE_FILE);
      try (Writer out = file.openWriter()) {
        for (String name : all) {
          out.write(name + "\n");
        }
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
          "cannot write " + SERVICE_FILE + ": " + e.getMessage());
    }
  }

  /** The entries of a service file already in the output (copied resources), if any. */
  private Set<String> existing() {
    Set<String> out = new TreeSet<>();
    try {
      FileObject file = processingEnv.getFiler()
          .getResource(StandardLocation.CLASS_OUTPUT, "", SERVICE_FILE);
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(file.openInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          String name = line.replaceFirst("#.*", "").strip();
          if (!name.isEmpty()) {
            out.add(name);
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // none yet: the usual case
    }
    return out;
  }

  private void error(Element e, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, e);
  }
}

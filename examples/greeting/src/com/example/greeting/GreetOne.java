package com.example.greeting;

import dev.pipeline.engine.model.Family;
import dev.pipeline.engine.model.Param;
import dev.pipeline.engine.model.Task;
import dev.pipeline.engine.model.TaskContext;
import dev.pipeline.engine.target.FileTarget;
import dev.pipeline.engine.target.local.LocalFileTarget;
import java.nio.file.Path;

/** One greeting. {@code greeting} usually comes from the cfg: [GreetOne] greeting = Hello. */
@Family(value = "GreetOne", description = "greets one person")
public class GreetOne extends Task {
  @Param(description = "who") String name;
  @Param(description = "the word to use") String greeting = "Hi";
  @Param(required = true, description = "output directory (shared with Greet)") Path out;

  @Override
  public Object output() {
    return LocalFileTarget.of(out.resolve(name + ".txt"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    System.out.println("greeting " + name);          // lands in this task's log file
    ((FileTarget) outputTarget()).writeString(greeting + ", " + name + "!\n");
  }
}

package com.example.greeting;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;

/** One greeting. {@code greeting} usually comes from the cfg: [GreetOne] greeting = Hello. */
@Family(value = "GreetOne", description = "greets one person")
public class GreetOne extends Task {
  @Param(description = "who") String name;
  @Param(description = "the word to use") String greeting = "Hi";
  @Param(required = true, description = "output directory (shared with Greet)") Path out;

  @Override
  public FileTarget output() {
    return LocalFileTarget.of(out.resolve(name + ".txt"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    System.out.println("greeting " + name);          // lands in this task's log file
    output().writeString(greeting + ", " + name + "!\n");
  }
}

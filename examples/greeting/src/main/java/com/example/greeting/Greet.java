package com.example.greeting;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes one greeting per name, then a summary that requires them all. */
@Family(value = "Greet", description = "greets everyone in --names and writes a summary")
public class Greet extends Task {
  @Param(description = "who to greet")
  List<String> names = List.of("world");

  @Param(required = true, description = "output directory")
  Path out;

  @Override
  public List<GreetOne> requires() {
    List<GreetOne> parts = new ArrayList<>();
    for (String name : names) {
      parts.add(req(GreetOne.class, "name", name));
    }
    return parts;
  }

  @Override
  public FileTarget output() {
    return LocalFileTarget.of(out.resolve("summary.txt"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    StringBuilder text = new StringBuilder();
    for (GreetOne part : inputs(GreetOne.class)) {
      text.append(part.output().readString());
    }
    output().writeString(text.toString());
  }
}

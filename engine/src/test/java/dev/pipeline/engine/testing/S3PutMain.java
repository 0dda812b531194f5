package dev.pipeline.engine.testing;

import dev.pipeline.api.Configuration;
import dev.pipeline.api.Targets;

/**
 * What a training container does in the Kubernetes tests: writes {@code args[1]} to the S3 (or
 * local) location {@code args[0]}, with settings and credentials from the environment only.
 * {@code fail N} exits with code N instead.
 */
public final class S3PutMain {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("fail")) {
      System.out.println("training diverged");
      System.exit(Integer.parseInt(args[1]));
    }
    System.out.println("training; writing " + args[0]);
    // outside any run: the S3 settings of this process's environment
    Targets.file((Configuration) null, args[0]).writeString(args[1]);
    System.out.println("model written");
  }
}

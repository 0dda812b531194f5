package dev.pipeline.cli;

import picocli.CommandLine.IVersionProvider;

/** The version recorded in the jar manifest at build time. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = PipelineCli.class.getPackage().getImplementationVersion();
    return new String[] {"pipeline " + (v == null ? "dev" : v)};
  }
}

/**
 * S3 targets on the AWS SDK for Java v2. The SDK is confined to this package: everything else
 * sees {@link dev.pipeline.api.targets.FileTarget}, {@link dev.pipeline.api.targets.DirectoryTarget}
 * and {@link dev.pipeline.api.Targets#file(dev.pipeline.api.Task, String)}.
 */
package dev.pipeline.api.targets.s3;

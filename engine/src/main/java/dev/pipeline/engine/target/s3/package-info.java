/**
 * S3 targets on the AWS SDK for Java v2. The SDK is confined to this package: everything else
 * sees {@link dev.pipeline.engine.target.FileTarget}, {@link dev.pipeline.engine.target.DirectoryTarget}
 * and {@link dev.pipeline.engine.target.Targets#file(String)}.
 */
package dev.pipeline.engine.target.s3;

package dev.pipeline.engine.service;

/** A service that could not be started or did not become healthy; the message is one line. */
public final class ServiceException extends Exception {
  public ServiceException(String message) {
    super(message);
  }
}

package dev.pipeline.engine.notify;

/** Somewhere notifications go: a webhook, a mail relay. */
interface Channel {
  /** How logs name it: never a secret (a webhook is its scheme and host only). */
  String name();

  /** Delivers one message or throws; bounded by the channel's own timeouts. */
  void send(Message message) throws Exception;
}

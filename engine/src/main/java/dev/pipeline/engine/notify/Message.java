package dev.pipeline.engine.notify;

/** One notification: a subject line (the e-mail's subject) and the text (the chat message). */
record Message(String subject, String text) {}

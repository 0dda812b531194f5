package dev.pipeline.engine.inspect;

/** Asks the person at the terminal before something is destroyed. */
public interface Confirmation {
  /** No terminal: nobody can be asked, so destructive commands need {@code --yes}. */
  Confirmation NOT_A_TERMINAL = new Confirmation() {
    @Override
    public boolean available() {
      return false;
    }

    @Override
    public boolean confirm(String question) {
      return false;
    }
  };

  /** Whether someone can answer. */
  boolean available();

  /** Asks {@code question}; true only for an explicit yes. */
  boolean confirm(String question);
}

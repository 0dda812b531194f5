package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.event.TaskState;
import java.util.Arrays;

/**
 * Scheduling state per node index, as parallel arrays: a million tasks cost a few bytes each here
 * instead of an object apiece.
 */
final class NodeTable {
  private static final TaskState[] STATES = TaskState.values();

  private byte[] state = new byte[0];
  private int[] pending = new int[0];
  private int[] attempt = new int[0];
  private boolean[] requirementRan = new boolean[0];
  private boolean[] dynamicResolved = new boolean[0];

  void ensure(int size) {
    if (size <= state.length) {
      return;
    }
    int n = Math.max(size, state.length * 2);
    state = Arrays.copyOf(state, n);
    pending = Arrays.copyOf(pending, n);
    attempt = Arrays.copyOf(attempt, n);
    requirementRan = Arrays.copyOf(requirementRan, n);
    dynamicResolved = Arrays.copyOf(dynamicResolved, n);
  }

  int pendingCapacity() {
    return state.length;
  }

  TaskState state(int i) {
    return STATES[state[i]];
  }

  void setState(int i, TaskState s) {
    state[i] = (byte) s.ordinal();
  }

  int pending(int i) {
    return pending[i];
  }

  void setPending(int i, int n) {
    pending[i] = n;
  }

  /** Decrements and returns the number of unfinished requirements. */
  int requirementFinished(int i) {
    return --pending[i];
  }

  int attempt(int i) {
    return attempt[i];
  }

  int nextAttempt(int i) {
    return ++attempt[i];
  }

  boolean requirementRan(int i) {
    return requirementRan[i];
  }

  void markRequirementRan(int i) {
    requirementRan[i] = true;
  }

  boolean dynamicResolved(int i) {
    return dynamicResolved[i];
  }

  void markDynamicResolved(int i) {
    dynamicResolved[i] = true;
  }
}

package dev.kanal.ops.health;

/** A classified failure: its kind and a message an operator can act on. */
public record Failure(FailureKind kind, String message) {
}

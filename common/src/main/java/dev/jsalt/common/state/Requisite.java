package dev.jsalt.common.state;

/** A resolved requisite: {@code kind} on the resource whose {@link Resource#key()} is {@code target}. */
public record Requisite(RequisiteKind kind, String target) {
}

package dev.switchboard.java;

import dev.switchboard.CreateResult;
import java.util.Objects;

/**
 * A structured answer: the {@code value} parsed from the model's JSON, and the complete {@code result} it
 * came from (usage, finish reason, response id).
 *
 * @param value the parsed answer, never null
 * @param result the call's complete result
 * @param <T> the type the answer was parsed into
 */
public record StructuredResult<T>(T value, CreateResult result) {
    /** Checks that neither part is null. */
    public StructuredResult {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(result, "result");
    }
}

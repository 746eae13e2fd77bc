package dev.switchboard.java;

import dev.switchboard.FunctionCall;
import dev.switchboard.FunctionExecutionResult;
import dev.switchboard.Tool;
import dev.switchboard.ToolArgumentsException;
import dev.switchboard.spi.HttpErrors;
import java.util.Objects;

/**
 * Typed tools for Java: a {@link Tool} whose parameters are the components of a record (or the fields of a
 * class), with the strict schema that {@link JavaSchemas} derives, and a call's arguments read back into that
 * type.
 *
 * <pre>{@code
 * record Weather(String city, Optional<String> unit) {}
 *
 * Tool tool = JavaTools.of("get_weather", "The current weather in a city", Weather.class);
 * ...
 * for (FunctionCall call : result.getToolCalls()) {
 *     Weather args = JavaTools.arguments(call, Weather.class);
 *     ...
 * }
 * }</pre>
 *
 * <p>Both methods are pure and thread-safe; no call is made.
 */
public final class JavaTools {
    private static final int REASON_CHARS = 300;
    private static final int EXCERPT_CHARS = 200;

    private JavaTools() {
    }

    /**
     * A strict tool named {@code name} whose parameters are described by
     * {@link JavaSchemas#schemaOf(Class) JavaSchemas.schemaOf(type)}.
     *
     * @throws IllegalArgumentException when the name is not a valid tool name (letters, digits, {@code _} and
     *     {@code -}, at most 64), or {@code type} has no strict schema (the message says which property).
     */
    public static Tool of(String name, String description, Class<?> type) {
        return of(name, description, type, true);
    }

    /**
     * A tool named {@code name} whose parameters are described by {@link JavaSchemas#schemaOf(Class)
     * JavaSchemas.schemaOf(type)}; with {@code strict}, providers that support it hold the model's arguments to
     * that schema exactly.
     *
     * @throws IllegalArgumentException as {@link #of(String, String, Class)} does.
     */
    public static Tool of(String name, String description, Class<?> type, boolean strict) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        return Tool.of(name, description, JavaSchemas.schemaOf(type), strict);
    }

    /**
     * The arguments of {@code call} read as a {@code type}, as strictly as structured answers are read: a
     * property the type lacks, a missing record component, {@code null} for a primitive or a number for an enum
     * all fail. Blank arguments, which some providers send for a call without parameters, read as {@code {}}.
     *
     * @throws ToolArgumentsException when the arguments are not JSON of that shape; its message names the tool,
     *     the call and what did not fit (anything shaped like a key or token redacted), ready to be sent back
     *     with {@link FunctionExecutionResult#error(String, String, String)} so that the model can try again.
     */
    public static <T> T arguments(FunctionCall call, Class<T> type) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(type, "type");
        JsonBinding.require("JavaTools.arguments");
        String text = call.getArguments().isBlank() ? "{}" : call.getArguments();
        return StructuredOutput.readArguments(call, type, text);
    }

    static ToolArgumentsException failure(FunctionCall call, Class<?> type, String reason, String text, Throwable cause) {
        String firstLine = reason.lines().findFirst().orElse(reason);
        if (firstLine.length() > REASON_CHARS) firstLine = firstLine.substring(0, REASON_CHARS);
        String redacted = HttpErrors.redact(text);
        String excerpt = redacted.length() <= EXCERPT_CHARS ? redacted : redacted.substring(0, EXCERPT_CHARS) + "…";
        return new ToolArgumentsException(
            "The arguments of call '" + call.getId() + "' of tool '" + call.getName() + "' do not fit "
                + type.getSimpleName() + ": " + HttpErrors.redact(firstLine),
            call.getName(), call.getId(), excerpt, cause);
    }
}

package dev.switchboard.java;

import dev.switchboard.ResponseFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * JSON schemas for Java types, in the form OpenAI's strict structured output accepts: every property is
 * required, no object allows additional properties, a property may be {@code null} only when its type is
 * {@link Optional} or it is annotated {@code @Nullable} (any annotation of that simple name, such as
 * JSpecify's or JSR 305's), records contribute their components, enums become {@code "enum"} lists of their
 * constant names, and properties keep their declaration order (models generate them in that order).
 * Jackson's {@code @JsonProperty} renames a property and {@code @JsonPropertyDescription} describes it for the
 * model.
 *
 * <p>Types whose values a strict schema cannot describe are refused with an
 * {@link IllegalArgumentException}: maps (their keys cannot be listed), {@code Object} properties, and roots
 * that are not objects (a {@code String}, a {@code List}, an enum). Wrap such values in a record.
 *
 * <p>Schemas are computed once per class and cached. They need Jackson and the victools schema generator on the
 * classpath, optional dependencies of the facade (see {@link JsonBinding}).
 */
public final class JavaSchemas {
    private static final ClassValue<Object> CACHE = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
            try {
                return JavaSchemaGenerator.generate(type);
            } catch (IllegalArgumentException e) {
                return e;
            }
        }
    };

    private JavaSchemas() {
    }

    /**
     * The strict-mode JSON schema of {@code type}, as JSON text.
     *
     * @throws IllegalArgumentException when {@code type} cannot be described by a strict schema; the message
     *     says which property and what to use instead.
     */
    public static String schemaOf(Class<?> type) {
        Objects.requireNonNull(type, "type");
        JsonBinding.require("JavaSchemas.schemaOf");
        Object cached = CACHE.get(type);
        if (cached instanceof IllegalArgumentException) {
            IllegalArgumentException e = (IllegalArgumentException) cached;
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return (String) cached;
    }

    /**
     * A strict {@link ResponseFormat} asking for JSON matching {@link #schemaOf(Class) schemaOf(type)}, named
     * after the type's simple name.
     *
     * @throws IllegalArgumentException as {@link #schemaOf(Class)} does.
     */
    public static ResponseFormat responseFormatOf(Class<?> type) {
        return ResponseFormat.jsonSchema(schemaName(type), schemaOf(type), true);
    }

    /** The type's simple name restricted to the characters a schema name may hold ({@code [a-zA-Z0-9_-]}, 64 at most). */
    static String schemaName(Class<?> type) {
        String name = type.getSimpleName().replaceAll("[^a-zA-Z0-9_-]", "_");
        if (name.isEmpty()) name = "response";
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}

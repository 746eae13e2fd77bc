package dev.switchboard.java;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Derives the strict schemas of {@link JavaSchemas} with the victools generator and Jackson's annotations. Apart from
 * {@link JavaSchemas} so that the facade loads neither unless a schema is asked for (both are optional dependencies,
 * checked first by {@link JsonBinding}).
 */
final class JavaSchemaGenerator {
    private static final SchemaGenerator GENERATOR = newGenerator();

    private JavaSchemaGenerator() {
    }

    static String generate(Class<?> type) {
        ObjectNode schema;
        try {
            schema = GENERATOR.generateSchema(type);
        } catch (UnsupportedTypeException e) {
            throw new IllegalArgumentException(
                "Cannot derive a strict JSON schema from " + type.getName() + ": " + e.getMessage(), e);
        }
        JsonNode rootType = schema.get("type");
        if (rootType == null || !"object".equals(rootType.asText()) || !schema.has("properties")) {
            throw new IllegalArgumentException("Cannot derive a strict JSON schema from " + type.getName()
                + ": the root of a structured answer must be an object with properties (a record or a class with "
                + "fields), not " + schema + "; wrap the value in a record");
        }
        return schema.toString();
    }

    private static SchemaGenerator newGenerator() {
        SchemaGeneratorConfigBuilder builder =
            new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .without(Option.SCHEMA_VERSION_INDICATOR)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .with(Option.FLATTENED_ENUMS)
                .with(Option.FLATTENED_OPTIONALS)
                .with(Option.PLAIN_DEFINITION_KEYS);
        builder.forFields()
            .withIgnoreCheck(field -> {
                int modifiers = field.getRawMember().getModifiers();
                boolean property = !Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)
                    && !field.getRawMember().isSynthetic();
                if (property && !field.isFakeContainerItemScope()) refuseUnsupported(
                    field.getDeclaringType().getErasedType().getSimpleName() + "." + field.getDeclaredName(),
                    field.getType());
                return false;
            })
            .withRequiredCheck(field -> !field.isFakeContainerItemScope())
            .withNullableCheck(field -> !field.isFakeContainerItemScope() && isNullable(field.getRawMember()))
            .withPropertyNameOverrideResolver(field -> {
                JsonProperty property = field.getRawMember().getAnnotation(JsonProperty.class);
                return property == null || property.value().isEmpty() ? null : property.value();
            })
            .withDescriptionResolver(field -> {
                if (field.isFakeContainerItemScope()) return null;
                JsonPropertyDescription description = field.getRawMember().getAnnotation(JsonPropertyDescription.class);
                return description == null ? null : description.value();
            });
        // Declaration order, not alphabetical: models write properties in schema order, so a "reasoning"
        // component declared before an "answer" is generated first.
        builder.forTypesInGeneral().withPropertySorter((a, b) -> 0);
        return new SchemaGenerator(builder.build());
    }

    /** Refuses a property whose type, or a type argument of it, is a map or {@code Object}. */
    private static void refuseUnsupported(String property, ResolvedType type) {
        Class<?> raw = type.getErasedType();
        if (Map.class.isAssignableFrom(raw)) {
            throw new UnsupportedTypeException("property '" + property + "' is a " + type.getBriefDescription()
                + ", and a strict schema cannot allow keys it does not list; use a List of records instead");
        }
        if (raw == Object.class) {
            throw new UnsupportedTypeException("property '" + property
                + "' is an Object (or an unbounded type variable), which a strict schema cannot describe; give it a "
                + "concrete type");
        }
        for (ResolvedType argument : type.getTypeParameters()) refuseUnsupported(property, argument);
    }

    private static boolean isNullable(Field field) {
        if (field.getType() == Optional.class) return true;
        AnnotatedType annotatedType = field.getAnnotatedType();
        return hasNullable(field.getAnnotations()) || hasNullable(annotatedType.getAnnotations());
    }

    private static boolean hasNullable(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) return true;
        }
        return false;
    }

    /** Thrown inside the generator to stop it at the first property a strict schema cannot describe. */
    private static final class UnsupportedTypeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedTypeException(String message) {
            super(message);
        }
    }
}

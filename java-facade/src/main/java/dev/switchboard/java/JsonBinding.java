package dev.switchboard.java;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the libraries that bind JSON to Java types are on the classpath: Jackson (databind and its JDK 8 module)
 * and the victools JSON-schema generator. They are optional dependencies of the facade (2.5 MB that most
 * applications, which send and read text, do not need): only structured output into Java types
 * ({@code createStructured}), {@link JavaSchemas} and {@link JavaTools} use them, and each checks here first, so that
 * without them the rest of the facade works and these fail with an error that says what to add.
 */
final class JsonBinding {
    private static final String[][] REQUIRED = {
        {"com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core:jackson-databind"},
        {"com.fasterxml.jackson.datatype.jdk8.Jdk8Module", "com.fasterxml.jackson.datatype:jackson-datatype-jdk8"},
        {"com.github.victools.jsonschema.generator.SchemaGenerator", "com.github.victools:jsonschema-generator"},
    };
    private static final List<String> MISSING = missing();

    private JsonBinding() {
    }

    /**
     * Returns when the libraries are present.
     *
     * @throws IllegalStateException naming {@code feature} and the artifacts to add, when any is absent.
     */
    static void require(String feature) {
        if (MISSING.isEmpty()) return;
        throw new IllegalStateException(feature + " binds JSON to Java types with Jackson and the victools schema "
            + "generator, optional dependencies of switchboard-java that are not on the classpath: add "
            + String.join(", ", MISSING) + " (Jackson 2.20 or later, jsonschema-generator 4.38 or later). Nothing else in the facade "
            + "needs them.");
    }

    private static List<String> missing() {
        List<String> absent = new ArrayList<>();
        ClassLoader loader = JsonBinding.class.getClassLoader();
        for (String[] required : REQUIRED) {
            try {
                Class.forName(required[0], false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                absent.add(required[1]);
            }
        }
        return List.copyOf(absent);
    }
}

package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The facade without its optional dependencies, as a user who adds only switchboard-java has it: this test's own
 * classpath less Jackson, the victools schema generator, jtokkit and the AWS SDK, in a class loader of its own.
 * Clients are built and used; the JSON-binding entry points fail with an error that names what to add.
 */
class OptionalDependenciesTest {
    private static final String[] LEFT_OUT = {"jackson-", "jsonschema-generator", "classmate", "jtokkit", "awssdk"};

    record City(String name) {}

    private static URLClassLoader lean() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            boolean out = false;
            for (String name : LEFT_OUT) out |= new File(entry).getName().contains(name) || entry.contains("/" + name);
            if (!out) urls.add(new File(entry).toURI().toURL());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void jacksonIsReallyLeftOut() throws Exception {
        try (URLClassLoader loader = lean()) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, loader));
            assertThrows(ClassNotFoundException.class, () -> Class.forName("com.knuddels.jtokkit.Encodings", false, loader));
        }
    }

    @Test
    void schemasAndToolsWithoutJacksonSayWhatToAdd() throws Exception {
        try (URLClassLoader loader = lean()) {
            Class<?> schemas = Class.forName("dev.switchboard.java.JavaSchemas", true, loader);
            Method schemaOf = schemas.getMethod("schemaOf", Class.class);
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> schemaOf.invoke(null, City.class));
            IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(cause.getMessage().startsWith("JavaSchemas.schemaOf binds JSON to Java types"), cause.getMessage());
            assertTrue(cause.getMessage().contains("com.fasterxml.jackson.core:jackson-databind"), cause.getMessage());
            assertTrue(cause.getMessage().contains("com.github.victools:jsonschema-generator"), cause.getMessage());

            Class<?> tools = Class.forName("dev.switchboard.java.JavaTools", true, loader);
            Method of = tools.getMethod("of", String.class, String.class, Class.class);
            InvocationTargetException t = assertThrows(InvocationTargetException.class, () -> of.invoke(null, "city", "A city", City.class));
            assertInstanceOf(IllegalStateException.class, t.getCause());
        }
    }

    @Test
    void aClientWorksWithoutThem() throws Exception {
        try (URLClassLoader loader = lean()) {
            // Runs in the lean loader: builds an OpenAI client and a replayed answer, and reads it back.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader); // services found through the context loader come from the lean one too
            try {
                Class<?> probe = Class.forName(LeanProbe.class.getName(), true, loader);
                Object answer = probe.getMethod("run").invoke(null);
                assertEquals("Lisbon", answer);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}

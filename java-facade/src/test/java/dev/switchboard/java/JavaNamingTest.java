package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One Java naming style across core, the providers and the facade, as a Java user sees them: a property is read with
 * a JavaBean getter ({@code getContent()}, {@code getModel()}; {@code isVision()} for a yes/no, while a
 * {@code Boolean} that may be null, meaning "the provider's default", stays {@code getX()}), records keep their
 * component names, and no Kotlin data-class leftover ({@code componentN}, {@code copy}) is API.
 *
 * <p>What counts as API is what the committed API dumps of the published modules list ({@code api/*.api}, checked
 * against the bytecode by each module's {@code ApiDumpTest}): Kotlin-{@code internal} declarations, which are public
 * in bytecode, are not in them. {@code spi} is for provider and engine authors and is not scanned.
 */
class JavaNamingTest {
    private static final Pattern CLASS = Pattern.compile("^public (?:[a-z]+ )*class ([\\w/$]+)(?: : ([\\w/$]+))?");
    private static final Pattern METHOD = Pattern.compile("^\\s+public ((?:[a-z]+ )*)fun ([\\w$]+) \\((.*?)\\)(.+)$");

    /**
     * Zero-argument methods that are actions or conversions, not property reads: {@code Image.data()} and
     * {@code Image.base64()} make a copy or an encoding on every call, as {@code Document.text()} decodes its bytes; {@code SwitchboardClient.logged()} makes a new,
     * wrapped client; {@code ConfigList.first()} and {@code ConfigList.Entry.load()} build a client from a document.
     */
    private static final Set<String> VERBS = Set.of(
        "build", "builder", "newBuilder", "close", "unwrap", "hashCode", "toString", "iterator", "values", "entries",
        "describe", "data", "base64", "text", "logged", "load", "first");

    /**
     * Methods whose names another framework's interface fixes: LangChain4j's {@code ChatModel.provider()} and
     * {@code supportedCapabilities()}, Spring Boot's {@code HealthIndicator.health()}.
     */
    private static final Set<String> FRAMEWORK_OVERRIDES = Set.of(
        "dev.switchboard.langchain4j.SwitchboardChatModel.provider", "dev.switchboard.langchain4j.SwitchboardChatModel.supportedCapabilities",
        "dev.switchboard.langchain4j.SwitchboardStreamingChatModel.provider",
        "dev.switchboard.langchain4j.SwitchboardStreamingChatModel.supportedCapabilities",
        "dev.switchboard.spring.boot.SwitchboardHealthIndicator.health");

    @Test
    void propertiesAreBeanGettersAndNoDataClassLeftoversArePublic() throws IOException {
        List<Path> dumps = dumps();
        assertTrue(dumps.stream().anyMatch(p -> p.endsWith("switchboard-core.api")), "the scan must see core's dump: " + dumps);
        assertTrue(dumps.stream().anyMatch(p -> p.endsWith("switchboard-java.api")), "the scan must see the facade's dump: " + dumps);
        Set<String> offenders = new TreeSet<>();
        int methods = 0;
        for (Path dump : dumps) {
            String type = null;
            boolean skip = false;
            for (String line : Files.readAllLines(dump)) {
                Matcher c = CLASS.matcher(line);
                if (c.find()) {
                    type = c.group(1).replace('/', '.');
                    String superType = c.group(2);
                    // Records and enums name their accessors themselves; builders' setters and companions' factories
                    // are not property reads; spi is not a user's API.
                    skip = "java/lang/Record".equals(superType) || "java/lang/Enum".equals(superType) || type.contains(".spi.")
                        || type.endsWith("$Builder") || type.endsWith("$Companion") || line.contains("annotation class");
                    continue;
                }
                Matcher m = METHOD.matcher(line);
                if (type == null || !m.find()) continue;
                methods++;
                String modifiers = m.group(1);
                String name = m.group(2);
                String where = type + "." + name + "(" + m.group(3) + ")";
                if (name.matches("component\\d+") || name.equals("copy") || name.equals("copy$default")) {
                    offenders.add(where + ": a data-class leftover");
                    continue;
                }
                if (skip || modifiers.contains("static") || modifiers.contains("synthetic") || !m.group(3).isEmpty()) continue;
                String returns = m.group(4);
                if (returns.equals("V")) continue;
                if (name.startsWith("get") && returns.equals("Z")) offenders.add(where + ": a yes/no property reads as is" + name.substring(3));
                if (name.startsWith("get") || name.startsWith("is") || name.startsWith("has") || name.startsWith("to")
                    || name.startsWith("as") || name.startsWith("new") || name.endsWith("Async") || VERBS.contains(name)
                    || FRAMEWORK_OVERRIDES.contains(type + "." + name)) continue;
                offenders.add(where + ": a property read without get");
            }
        }
        assertTrue(methods > 300, "the dumps held too few methods: " + methods);
        assertEquals(Set.of(), offenders, "accessors outside the naming style");
    }

    /** The API dumps of the published modules, from the repository (this module's working directory is one level down). */
    private static List<Path> dumps() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("library", "java-facade", "ktor-engines")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir), 3)) {
                out.addAll(files.filter(p -> p.toString().endsWith(".api") && p.getParent().getFileName().toString().equals("api"))
                    .collect(Collectors.toList()));
            }
        }
        return out;
    }
}

package dev.switchboard.apidump;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jetbrains.kotlin.abi.tools.AbiFilters;
import org.jetbrains.kotlin.abi.tools.AbiTools;

/**
 * The public API of a module, as Java and Kotlin callers see it in its class files, checked against the dump
 * committed in the module's {@code api/} folder (the binary-compatibility-validator format, written by Kotlin's
 * {@code abi-tools}).
 *
 * <p>Kotlin-{@code internal} and private declarations and everything under an {@code internal} package are left
 * out; public Java classes, public Kotlin declarations (with their {@code @JvmStatic}/{@code @JvmOverloads}/
 * {@code @JvmName} shapes) and the {@code spi} package are in. Each module's {@code ApiDumpTest} calls
 * {@link #check}; with {@code -Dapi.update=true} it rewrites the dump instead (see {@link #UPDATE_COMMAND}).
 */
public final class ApiDump {
    /** The one command that rewrites every module's dump after a deliberate API change. */
    public static final String UPDATE_COMMAND =
        "mvn -B test -Dtest=ApiDumpTest -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true";

    private static final AbiFilters FILTERS = new AbiFilters(
        Set.of(), Set.of("dev.switchboard.**.internal.**"), Set.of(), Set.of());

    private ApiDump() {
    }

    /**
     * Compares the API of {@code target/classes} with {@code api/<artifactId>.api} (paths relative to the module,
     * Surefire's working directory); fails with the difference and the command that rewrites the dump, or rewrites
     * it when the system property {@code api.update} is {@code true}.
     *
     * @throws AssertionError when the API differs from the dump, or there is no dump.
     */
    public static void check(String artifactId) {
        Path classes = Path.of("target", "classes");
        Path dumpFile = Path.of("api", artifactId + ".api");
        String actual = dumpOf(classes);
        if (Boolean.getBoolean("api.update")) {
            write(dumpFile, actual);
            return;
        }
        if (!Files.exists(dumpFile)) {
            throw new AssertionError("No API dump " + dumpFile.toAbsolutePath() + " for " + artifactId + ". Write it with:\n  " + UPDATE_COMMAND);
        }
        String expected = read(dumpFile);
        if (!expected.equals(actual)) {
            Path actualFile = Path.of("target", "api", artifactId + ".api");
            write(actualFile, actual);
            String diff = AbiTools.Companion.getInstance(ApiDump.class.getClassLoader())
                .filesDiff(dumpFile.toFile(), actualFile.toFile());
            throw new AssertionError("The public API of " + artifactId + " differs from the committed dump " + dumpFile
                + " (- committed, + now):\n" + diff + "\n"
                + "\nIf the change is deliberate, rewrite the dump and commit it with the change:\n  " + UPDATE_COMMAND
                + "\n(or for this module only: mvn -B -pl <module> -am test -Dtest=ApiDumpTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true)");
        }
    }

    /** The dump of the class files under {@code classes}, in the binary-compatibility-validator format. */
    public static String dumpOf(Path classes) {
        List<File> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk
                .filter(p -> p.toString().endsWith(".class"))
                .filter(p -> !classes.relativize(p).startsWith("META-INF"))
                .sorted()
                .map(Path::toFile)
                .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the classes in " + classes.toAbsolutePath(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("No class files in " + classes.toAbsolutePath() + ": compile the module first");
        }
        StringBuilder out = new StringBuilder();
        AbiTools.Companion.getInstance(ApiDump.class.getClassLoader()).printJvmDump(out, files, FILTERS);
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file.toAbsolutePath(), e);
        }
    }
}

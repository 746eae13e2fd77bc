package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ChatCompletionClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The facade's promise to Java callers: no {@code kotlin.*} or {@code kotlinx.*} type in any public or
 * protected signature (supertypes, constructors, methods, fields; parameters, returns, type arguments,
 * bounds and declared exceptions) of any public class compiled into this module.
 */
class KotlinFreeApiTest {

    @Test
    void noKotlinTypeInAnyPublicSignatureOfTheFacade() {
        List<Class<?>> classes = facadeClasses();
        assertTrue(classes.contains(SwitchboardClient.class), "the scan must see SwitchboardClient: " + classes);
        assertTrue(classes.contains(Clients.class), "the scan must see Clients: " + classes);
        assertTrue(classes.size() >= 5, "the scan found too few public classes: " + classes);
        List<String> violations = new ArrayList<>();
        for (Class<?> type : classes) violations.addAll(kotlinTypesIn(type));
        assertEquals(List.of(), violations, "Kotlin types in the Java facade's public signatures");
    }

    @Test
    void theScanRecognisesKotlinTypes() {
        // ChatCompletionClient is Kotlin-first: create is a suspend function, createStream returns a Flow.
        List<String> violations = kotlinTypesIn(ChatCompletionClient.class);
        assertTrue(violations.stream().anyMatch(v -> v.contains("kotlin.coroutines.Continuation")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.contains("kotlinx.coroutines.flow.Flow")), violations::toString);
    }

    /** Every public class compiled from this module's sources, nested ones included. */
    private static List<Class<?>> facadeClasses() {
        Path root;
        try {
            root = Path.of(SwitchboardClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(Files.isDirectory(root), "expected the module's classes directory, got " + root);
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/switchboard/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
                String relative = root.relativize(file).toString();
                String name = relative.substring(0, relative.length() - ".class".length()).replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = Class.forName(name, false, KotlinFreeApiTest.class.getClassLoader());
                if (isVisible(type)) classes.add(type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return classes;
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    static List<String> kotlinTypesIn(Class<?> type) {
        List<String> found = new ArrayList<>();
        String owner = type.getName();
        for (TypeVariable<?> variable : type.getTypeParameters()) check(variable, owner + " type parameter", found);
        if (type.getGenericSuperclass() != null) check(type.getGenericSuperclass(), owner + " supertype", found);
        for (Type supertype : type.getGenericInterfaces()) check(supertype, owner + " supertype", found);
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (isApi(constructor.getModifiers(), constructor.isSynthetic())) checkExecutable(constructor, owner, found);
        }
        for (Method method : type.getDeclaredMethods()) {
            if (!isApi(method.getModifiers(), method.isSynthetic() || method.isBridge())) continue;
            checkExecutable(method, owner, found);
            check(method.getGenericReturnType(), owner + "." + method.getName() + " return", found);
        }
        for (Field field : type.getDeclaredFields()) {
            if (isApi(field.getModifiers(), field.isSynthetic())) {
                check(field.getGenericType(), owner + "." + field.getName() + " field", found);
            }
        }
        return found;
    }

    private static boolean isApi(int modifiers, boolean synthetic) {
        return !synthetic && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers));
    }

    private static void checkExecutable(Executable executable, String owner, List<String> found) {
        String where = owner + "." + executable.getName();
        for (TypeVariable<?> variable : executable.getTypeParameters()) check(variable, where + " type parameter", found);
        for (Type parameter : executable.getGenericParameterTypes()) check(parameter, where + " parameter", found);
        for (Type exception : executable.getGenericExceptionTypes()) check(exception, where + " throws", found);
    }

    private static void check(Type type, String where, List<String> found) {
        walk(type, where, found, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void walk(Type type, String where, List<String> found, Set<Type> seen) {
        if (!seen.add(type)) return;
        if (type instanceof Class<?>) {
            Class<?> c = (Class<?>) type;
            while (c.isArray()) c = c.getComponentType();
            if (c.getName().startsWith("kotlin.") || c.getName().startsWith("kotlinx.")) {
                found.add(where + ": " + c.getName());
            }
        } else if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            walk(p.getRawType(), where, found, seen);
            if (p.getOwnerType() != null) walk(p.getOwnerType(), where, found, seen);
            for (Type argument : p.getActualTypeArguments()) walk(argument, where + " type argument", found, seen);
        } else if (type instanceof WildcardType) {
            WildcardType w = (WildcardType) type;
            for (Type bound : w.getUpperBounds()) walk(bound, where, found, seen);
            for (Type bound : w.getLowerBounds()) walk(bound, where, found, seen);
        } else if (type instanceof TypeVariable<?>) {
            for (Type bound : ((TypeVariable<?>) type).getBounds()) walk(bound, where + " bound", found, seen);
        } else if (type instanceof GenericArrayType) {
            walk(((GenericArrayType) type).getGenericComponentType(), where, found, seen);
        }
    }
}

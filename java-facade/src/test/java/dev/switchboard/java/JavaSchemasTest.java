package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ResponseFormat;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
    /** Any annotation named Nullable marks a property nullable. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD})
    @interface Nullable {
    }

    enum Mood { HAPPY, SAD }

    record Address(String street, String city) {
    }

    record Person(
        @JsonPropertyDescription("The full name") String name,
        int age,
        Optional<String> nickname,
        @Nullable String email,
        Mood mood,
        List<Address> addresses,
        Address home,
        @JsonProperty("zip_code") String zipCode) {
    }

    /** A plain class with private fields and no getters. */
    static final class Pojo {
        private String title;
        private double score;
        private boolean done;
        private static final String IGNORED_CONSTANT = "not a property";
    }

    record Tagged(String name, Map<String, String> tags) {
    }

    record Nested(List<Tagged> items) {
    }

    record Untyped(Object anything) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordComponentsBecomeRequiredPropertiesWithoutAdditionalOnes() throws Exception {
        JsonNode schema = JSON.readTree(JavaSchemas.schemaOf(Person.class));
        assertEquals("object", schema.get("type").asText());
        assertEquals(false, schema.get("additionalProperties").asBoolean(true));
        assertFalse(schema.has("$schema"), "no $schema keyword: " + schema);
        Set<String> properties = names(schema.get("properties").fieldNames());
        assertEquals(Set.of("name", "age", "nickname", "email", "mood", "addresses", "home", "zip_code"), properties);
        assertEquals(properties, names(schema.get("required").elements()));
    }

    @Test
    void propertiesKeepTheirDeclarationOrder() throws Exception {
        JsonNode schema = JSON.readTree(JavaSchemas.schemaOf(Person.class));
        List<String> order = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(order::add);
        assertEquals(List.of("name", "age", "nickname", "email", "mood", "addresses", "home", "zip_code"), order);
    }

    @Test
    void onlyOptionalAndNullablePropertiesAcceptNull() throws Exception {
        JsonNode p = JSON.readTree(JavaSchemas.schemaOf(Person.class)).get("properties");
        assertEquals("[\"string\",\"null\"]", p.get("nickname").get("type").toString());
        assertEquals("[\"string\",\"null\"]", p.get("email").get("type").toString());
        assertEquals("\"string\"", p.get("name").get("type").toString());
        assertEquals("\"integer\"", p.get("age").get("type").toString());
        assertEquals("The full name", p.get("name").get("description").asText());
    }

    @Test
    void enumsAreListsOfTheirConstantNames() throws Exception {
        JsonNode mood = JSON.readTree(JavaSchemas.schemaOf(Person.class)).get("properties").get("mood");
        assertEquals("string", mood.get("type").asText());
        assertEquals("[\"HAPPY\",\"SAD\"]", mood.get("enum").toString());
    }

    @Test
    void nestedRecordsAreStrictObjectsToo() throws Exception {
        JsonNode schema = JSON.readTree(JavaSchemas.schemaOf(Person.class));
        JsonNode addresses = schema.get("properties").get("addresses");
        assertEquals("array", addresses.get("type").asText());
        for (JsonNode address : List.of(resolve(schema, addresses.get("items")), resolve(schema, schema.get("properties").get("home")))) {
            assertEquals("object", address.get("type").asText(), address.toString());
            assertEquals(false, address.get("additionalProperties").asBoolean(true), address.toString());
            assertEquals(Set.of("street", "city"), names(address.get("required").elements()));
        }
    }

    @Test
    void plainClassesContributeTheirInstanceFields() throws Exception {
        JsonNode schema = JSON.readTree(JavaSchemas.schemaOf(Pojo.class));
        assertEquals(Set.of("title", "score", "done"), names(schema.get("properties").fieldNames()));
        assertEquals("number", schema.get("properties").get("score").get("type").asText());
        assertEquals("boolean", schema.get("properties").get("done").get("type").asText());
    }

    @Test
    void mapsAreRefusedNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JavaSchemas.schemaOf(Tagged.class));
        assertTrue(e.getMessage().contains("Tagged.tags"), e.getMessage());
        assertTrue(e.getMessage().contains("List of records"), e.getMessage());
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class, () -> JavaSchemas.schemaOf(Nested.class));
        assertTrue(nested.getMessage().contains("Tagged.tags"), nested.getMessage());
    }

    @Test
    void objectPropertiesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JavaSchemas.schemaOf(Untyped.class));
        assertTrue(e.getMessage().contains("Untyped.anything"), e.getMessage());
    }

    @Test
    void rootsThatAreNotObjectsAreRefused() {
        for (Class<?> type : List.of(String.class, Mood.class, List.class, Map.class)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JavaSchemas.schemaOf(type));
            assertTrue(e.getMessage().contains("wrap the value in a record"), e.getMessage());
        }
    }

    @Test
    void theResponseFormatIsStrictAndNamedAfterTheType() {
        ResponseFormat format = JavaSchemas.responseFormatOf(Person.class);
        ResponseFormat.JsonSchema schema = (ResponseFormat.JsonSchema) format;
        assertEquals("Person", schema.getName());
        assertTrue(schema.isStrict());
        assertEquals(JavaSchemas.schemaOf(Person.class).length() > 0, true);
        assertSame(JavaSchemas.schemaOf(Person.class), JavaSchemas.schemaOf(Person.class), "computed once per class");
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) return node;
        JsonNode target = root;
        for (String part : ref.asText().substring(2).split("/")) target = target.get(part);
        return target;
    }

    private static Set<String> names(Iterator<?> items) {
        List<String> out = new ArrayList<>();
        items.forEachRemaining(item -> out.add(item instanceof JsonNode ? ((JsonNode) item).asText() : (String) item));
        return new TreeSet<>(out);
    }
}

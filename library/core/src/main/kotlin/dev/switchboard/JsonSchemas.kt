@file:OptIn(ExperimentalSerializationApi::class)

package dev.switchboard

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.SerialInfo
import kotlinx.serialization.descriptors.PolymorphicKind
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.SerialKind
import kotlinx.serialization.descriptors.StructureKind
import kotlinx.serialization.descriptors.nonNullOriginal
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonClassDiscriminator
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * A description of a property or class, copied into the JSON schema that [JsonSchemas.of] builds, so
 * the model reads what a field means: `@Description("Temperature in °C") val temperature: Double`.
 */
@SerialInfo
@Target(AnnotationTarget.PROPERTY, AnnotationTarget.CLASS)
@Retention(AnnotationRetention.BINARY)
public annotation class Description(
    /** The text the model reads. */
    val value: String,
)

/**
 * Builds JSON schemas from kotlinx.serialization descriptors, without reflection, in the strict form
 * that OpenAI's structured outputs (and tools with `strict`) accept:
 *
 * - a class is `{"type":"object","properties":…,"required":[every property],"additionalProperties":false}`;
 *   properties with default values are required too, because strict mode has no optional properties
 *   (the model always writes them);
 * - a nullable value is `"type":[…,"null"]` for primitives, enums and lists, and `anyOf` with
 *   `{"type":"null"}` for objects;
 * - `Int`/`Long`/`Short`/`Byte` are `integer`, `Float`/`Double` are `number`, `Char` and `String` are
 *   `string`; enums are string `enum`s of their serial names; lists and sets are arrays with `items`;
 *   inline (value) classes are the schema of the value they wrap;
 * - a nested class is written inline, except a class that takes part in a cycle (a recursive type),
 *   which is written once under `$defs` and referenced with `$ref` (the root itself is `#`);
 * - a sealed class is `anyOf` one object per subclass, each with a discriminator property (`type`, or
 *   the name given by `@JsonClassDiscriminator`) restricted to the subclass's serial name, as
 *   kotlinx.serialization's `Json` writes it;
 * - `@SerialName` is honoured and [Description] becomes `description`.
 *
 * Maps, open polymorphism, contextual serializers and `JsonElement` properties cannot be expressed in
 * strict mode and are rejected with an [IllegalArgumentException] naming the property.
 */
public object JsonSchemas {
    /**
     * The strict JSON schema of values described by [descriptor].
     *
     * The descriptor must describe a class or an object: the root of a structured output and of tool
     * parameters is always an object.
     *
     * @throws IllegalArgumentException when the root is not a class, or a property has a type that
     *   strict mode cannot express (the message names the property and the type).
     */
    @JvmStatic
    public fun of(descriptor: SerialDescriptor): JsonObject {
        require(!descriptor.isNullable) {
            "The root of a JSON schema must not be nullable (got ${descriptor.serialName})"
        }
        require(descriptor.kind == StructureKind.CLASS || descriptor.kind == StructureKind.OBJECT) {
            "The root of a JSON schema must be a class or object; ${descriptor.serialName} is " +
                "${kindName(descriptor.kind)}: wrap it in a @Serializable class with one property"
        }
        return SchemaBuilder(descriptor).build()
    }

    private fun kindName(kind: SerialKind): String = when (kind) {
        is PrimitiveKind -> "a primitive"
        StructureKind.LIST -> "a list"
        StructureKind.MAP -> "a map"
        SerialKind.ENUM -> "an enum"
        PolymorphicKind.SEALED -> "a sealed class (strict mode does not accept anyOf at the root)"
        PolymorphicKind.OPEN -> "an open polymorphic type"
        SerialKind.CONTEXTUAL -> "contextual"
        else -> kind.toString()
    }

    /** One schema build: finds the recursive types first, then writes the schema. */
    private class SchemaBuilder(private val root: SerialDescriptor) {
        /** Class and sealed descriptors that take part in a cycle: these go to `$defs`. */
        private val recursive = HashSet<SerialDescriptor>()
        private val defNames = LinkedHashMap<SerialDescriptor, String>()
        private val defs = LinkedHashMap<String, JsonElement>()

        fun build(): JsonObject {
            findRecursive(root, HashSet(), HashSet())
            val schema = objectSchema(root, path = root.serialName, description = descriptionOf(root.annotations))
            if (defs.isEmpty()) return schema
            return JsonObject(schema + ("\$defs" to JsonObject(defs)))
        }

        // --- cycle detection: a depth-first search; the target of every back edge is marked recursive.

        private fun findRecursive(node: SerialDescriptor, onStack: MutableSet<SerialDescriptor>, done: MutableSet<SerialDescriptor>) {
            if (node in onStack) {
                recursive += node
                return
            }
            if (node in done) return
            onStack += node
            for (child in children(node)) findRecursive(child, onStack, done)
            onStack -= node
            done += node
        }

        /** The class and sealed nodes that [node]'s properties (or its subclasses' properties) lead to. */
        private fun children(node: SerialDescriptor): List<SerialDescriptor> {
            val out = ArrayList<SerialDescriptor>()
            if (node.kind == PolymorphicKind.SEALED) {
                for (sub in subclasses(node)) for (i in 0 until sub.elementsCount) collectNodes(sub.getElementDescriptor(i), out)
            } else {
                for (i in 0 until node.elementsCount) collectNodes(node.getElementDescriptor(i), out)
            }
            return out
        }

        private fun collectNodes(d: SerialDescriptor, out: MutableList<SerialDescriptor>) {
            val t = d.nonNullOriginal
            when {
                t.isInline -> collectNodes(t.getElementDescriptor(0), out)
                t.kind == StructureKind.LIST -> collectNodes(t.getElementDescriptor(0), out)
                t.kind == StructureKind.MAP -> collectNodes(t.getElementDescriptor(1), out)
                isJsonElement(t) -> Unit
                t.kind == StructureKind.CLASS || t.kind == StructureKind.OBJECT || t.kind == PolymorphicKind.SEALED -> out += t
                else -> Unit
            }
        }

        // --- writing

        /** The schema of a property of type [d] at [path], with [description] attached. */
        private fun schemaOf(d: SerialDescriptor, path: String, description: String?): JsonObject =
            schemaOf(d.nonNullOriginal, d.isNullable, path, description)

        private fun schemaOf(t: SerialDescriptor, nullable: Boolean, path: String, description: String?): JsonObject {
            if (t.isInline) {
                val inner = t.getElementDescriptor(0)
                return schemaOf(inner.nonNullOriginal, nullable || inner.isNullable, path, description)
            }
            if (isJsonElement(t)) unsupported(path, t, "a JsonElement has no fixed shape; use a @Serializable class")
            return when (val kind = t.kind) {
                is PrimitiveKind -> typed(primitiveType(kind), nullable, description)
                SerialKind.ENUM -> enumSchema(t, nullable, description)
                StructureKind.LIST -> {
                    val items = schemaOf(t.getElementDescriptor(0), "$path[]", null)
                    JsonObject(typed("array", nullable, description) + ("items" to items))
                }
                StructureKind.MAP -> unsupported(
                    path, t,
                    "strict mode cannot express maps (additionalProperties must be false); use a list of key/value objects",
                )
                StructureKind.CLASS, StructureKind.OBJECT, PolymorphicKind.SEALED -> {
                    val body = if (t in recursive) ref(t) else if (t.kind == PolymorphicKind.SEALED) sealedSchema(t, path, null)
                    else objectSchema(t, path, descriptionOf(t.annotations))
                    wrap(body, nullable, description)
                }
                PolymorphicKind.OPEN -> unsupported(path, t, "open polymorphism has no closed set of shapes; use a sealed class")
                SerialKind.CONTEXTUAL -> unsupported(path, t, "a contextual serializer has no descriptor to describe")
            }
        }

        /** [body] made nullable and described, as strict mode accepts it. */
        private fun wrap(body: JsonObject, nullable: Boolean, description: String?): JsonObject {
            return when {
                nullable -> JsonObject(
                    buildMap {
                        // A sealed class's anyOf takes the null alternative directly rather than nesting.
                        val alternatives = (body["anyOf"] as? JsonArray)?.let { it + NULL_SCHEMA } ?: listOf(body, NULL_SCHEMA)
                        put("anyOf", JsonArray(alternatives))
                        val text = description ?: (body["description"] as? JsonPrimitive)?.content.takeIf { "anyOf" in body }
                        if (text != null) put("description", JsonPrimitive(text))
                    },
                )
                description == null -> body
                // A $ref takes no sibling keywords in strict mode: hold it in a one-element anyOf.
                "\$ref" in body -> JsonObject(
                    mapOf("anyOf" to JsonArray(listOf(body)), "description" to JsonPrimitive(description)),
                )
                else -> JsonObject(body + ("description" to JsonPrimitive(description)))
            }
        }

        private fun ref(t: SerialDescriptor): JsonObject {
            if (t == root) return JsonObject(mapOf("\$ref" to JsonPrimitive("#")))
            val name = defNames[t] ?: run {
                val base = sanitize(simpleName(t.serialName))
                var candidate = base
                var n = 2
                while (candidate in defs || candidate in defNames.values) candidate = base + n++
                defNames[t] = candidate
                defs[candidate] = JsonNull // reserves the name while the definition is written (it may refer to itself)
                defs[candidate] = if (t.kind == PolymorphicKind.SEALED) sealedSchema(t, t.serialName, null)
                else objectSchema(t, t.serialName, descriptionOf(t.annotations))
                candidate
            }
            return JsonObject(mapOf("\$ref" to JsonPrimitive("#/\$defs/$name")))
        }

        private fun objectSchema(
            t: SerialDescriptor,
            path: String,
            description: String?,
            discriminator: Pair<String, String>? = null,
        ): JsonObject {
            val properties = LinkedHashMap<String, JsonElement>()
            if (discriminator != null) {
                properties[discriminator.first] = JsonObject(
                    mapOf("type" to JsonPrimitive("string"), "enum" to JsonArray(listOf(JsonPrimitive(discriminator.second)))),
                )
            }
            for (i in 0 until t.elementsCount) {
                val name = t.getElementName(i)
                require(name !in properties) {
                    "Cannot describe ${t.serialName}: its property '$name' has the name of the class discriminator " +
                        "of its sealed parent; rename it with @SerialName or choose another @JsonClassDiscriminator"
                }
                properties[name] = schemaOf(
                    t.getElementDescriptor(i), "$path.$name", descriptionOf(t.getElementAnnotations(i)),
                )
            }
            return JsonObject(
                buildMap {
                    put("type", JsonPrimitive("object"))
                    if (description != null) put("description", JsonPrimitive(description))
                    put("properties", JsonObject(properties))
                    put("required", JsonArray(properties.keys.map { JsonPrimitive(it) }))
                    put("additionalProperties", JsonPrimitive(false))
                },
            )
        }

        private fun sealedSchema(t: SerialDescriptor, path: String, description: String?): JsonObject {
            val discriminator = t.annotations.filterIsInstance<JsonClassDiscriminator>().firstOrNull()?.discriminator ?: "type"
            val subs = subclasses(t)
            require(subs.isNotEmpty()) { "Cannot describe $path: the sealed class ${t.serialName} has no serializable subclass" }
            val variants = subs.map { sub ->
                require(sub.kind == StructureKind.CLASS || sub.kind == StructureKind.OBJECT) {
                    "Cannot describe $path: the subclass ${sub.serialName} of ${t.serialName} is ${kindName(sub.kind)}, " +
                        "which kotlinx.serialization cannot give a class discriminator"
                }
                objectSchema(sub, "$path<${sub.serialName}>", descriptionOf(sub.annotations), discriminator to sub.serialName)
            }
            return JsonObject(
                buildMap {
                    put("anyOf", JsonArray(variants))
                    val own = description ?: descriptionOf(t.annotations)
                    if (own != null) put("description", JsonPrimitive(own))
                },
            )
        }

        private fun subclasses(sealed: SerialDescriptor): List<SerialDescriptor> {
            // kotlinx.serialization's sealed descriptor has two elements: "type" (the discriminator) and
            // "value", whose elements are the subclasses, named by their serial names.
            val index = sealed.getElementIndex("value")
            require(index >= 0) { "Cannot describe ${sealed.serialName}: its descriptor does not list its subclasses" }
            val value = sealed.getElementDescriptor(index)
            return (0 until value.elementsCount).map { value.getElementDescriptor(it) }
        }

        private fun enumSchema(t: SerialDescriptor, nullable: Boolean, description: String?): JsonObject {
            val values = ArrayList<JsonElement>()
            for (i in 0 until t.elementsCount) values += JsonPrimitive(t.getElementName(i))
            if (nullable) values += JsonNull
            return JsonObject(typed("string", nullable, description) + ("enum" to JsonArray(values)))
        }

        private fun typed(type: String, nullable: Boolean, description: String?): JsonObject = JsonObject(
            buildMap {
                put("type", if (nullable) JsonArray(listOf(JsonPrimitive(type), JsonPrimitive("null"))) else JsonPrimitive(type))
                if (description != null) put("description", JsonPrimitive(description))
            },
        )

        private fun primitiveType(kind: PrimitiveKind): String = when (kind) {
            PrimitiveKind.BOOLEAN -> "boolean"
            PrimitiveKind.BYTE, PrimitiveKind.SHORT, PrimitiveKind.INT, PrimitiveKind.LONG -> "integer"
            PrimitiveKind.FLOAT, PrimitiveKind.DOUBLE -> "number"
            PrimitiveKind.CHAR, PrimitiveKind.STRING -> "string"
        }

        private fun unsupported(path: String, t: SerialDescriptor, why: String): Nothing =
            throw IllegalArgumentException("Cannot describe '$path' of type ${t.serialName} in a strict JSON schema: $why")
    }

    private val NULL_SCHEMA = JsonObject(mapOf("type" to JsonPrimitive("null")))

    private fun isJsonElement(d: SerialDescriptor): Boolean = d.serialName.startsWith("kotlinx.serialization.json.Json")

    private fun descriptionOf(annotations: List<Annotation>): String? =
        annotations.filterIsInstance<Description>().firstOrNull()?.value

    internal fun simpleName(serialName: String): String =
        serialName.removeSuffix("?").substringBefore('<').substringAfterLast('.')

    internal fun sanitize(name: String): String {
        val cleaned = name.replace(Regex("[^a-zA-Z0-9_-]"), "_").take(64)
        return cleaned.ifEmpty { "schema" }
    }
}

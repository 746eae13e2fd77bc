package dev.switchboard

import dev.switchboard.SchemaModels.Add
import dev.switchboard.SchemaModels.Box
import dev.switchboard.SchemaModels.Boxes
import dev.switchboard.SchemaModels.Calculation
import dev.switchboard.SchemaModels.Clashing
import dev.switchboard.SchemaModels.Drawing
import dev.switchboard.SchemaModels.Event
import dev.switchboard.SchemaModels.Expr
import dev.switchboard.SchemaModels.Forest
import dev.switchboard.SchemaModels.Num
import dev.switchboard.SchemaModels.OpenAnimal
import dev.switchboard.SchemaModels.PartA
import dev.switchboard.SchemaModels.PartB
import dev.switchboard.SchemaModels.Parts
import dev.switchboard.SchemaModels.SchemaAddress
import dev.switchboard.SchemaModels.SchemaColor
import dev.switchboard.SchemaModels.SchemaPerson
import dev.switchboard.SchemaModels.Shape
import dev.switchboard.SchemaModels.TreeNode
import dev.switchboard.SchemaModels.UserId
import dev.switchboard.SchemaModels.WithClash
import dev.switchboard.SchemaModels.WithContextual
import dev.switchboard.SchemaModels.WithEvent
import dev.switchboard.SchemaModels.WithInline
import dev.switchboard.SchemaModels.WithJson
import dev.switchboard.SchemaModels.WithMap
import dev.switchboard.SchemaModels.WithOpen
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.Contextual
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.builtins.ListSerializer
import kotlinx.serialization.builtins.serializer
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonClassDiscriminator
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.serializer
import java.time.Instant

/** The types whose schemas the tests below pin down. */
@OptIn(kotlinx.serialization.ExperimentalSerializationApi::class)
internal object SchemaModels {
    @Serializable
    data class SchemaAddress(val street: String, @SerialName("zip_code") val zip: String?)

    @Serializable
    enum class SchemaColor { RED, @SerialName("dark-green") GREEN }

    @Serializable
    @Description("A person")
    data class SchemaPerson(
        @Description("Full name") val name: String,
        val age: Int,
        val id: Long,
        val height: Double,
        val ratio: Float,
        val active: Boolean,
        val initial: Char,
        val nickname: String? = null,
        val tags: List<String>,
        val favourite: SchemaColor,
        val second: SchemaColor?,
        val address: SchemaAddress,
        @Description("Where they lived before") val previous: SchemaAddress?,
        val scores: List<Int>?,
    )

    @Serializable
    data class TreeNode(val value: Int, val children: List<TreeNode>)

    @Serializable
    data class Forest(val trees: List<TreeNode>, @Description("The tallest tree") val tallest: TreeNode?, val name: String)

    @Serializable
    sealed class Shape {
        @Serializable @SerialName("circle")
        data class Circle(val radius: Double) : Shape()

        @Serializable @SerialName("square")
        data class Square(@SerialName("side_length") val side: Double) : Shape()

        @Serializable @SerialName("empty")
        data object Empty : Shape()
    }

    @Serializable
    data class Drawing(val shapes: List<Shape>, val highlight: Shape?)

    @Serializable
    sealed interface Expr

    @Serializable @SerialName("num")
    data class Num(val value: Int) : Expr

    @Serializable @SerialName("add")
    data class Add(val left: Expr, val right: Expr) : Expr

    @Serializable
    data class Calculation(val expr: Expr, val note: String)

    @Serializable
    data class PartA(val b: PartB?)

    @Serializable
    data class PartB(val a: PartA?, val label: String)

    @Serializable
    data class Parts(val first: PartA, val loose: PartB)

    @Serializable
    data class Box<T>(val item: T)

    @Serializable
    data class Boxes(val ints: Box<Int>, val texts: Box<String>)

    @JvmInline
    @Serializable
    value class UserId(val value: String)

    @Serializable
    data class WithInline(val id: UserId, val other: UserId?)

    @Serializable
    data class WithMap(val scores: Map<String, Int>)

    @Serializable
    data class WithJson(val extra: JsonObject)

    @Serializable
    abstract class OpenAnimal

    @Serializable
    data class WithOpen(val animal: OpenAnimal)

    @Serializable
    data class WithContextual(@Contextual val at: Instant)

    @Serializable
    @JsonClassDiscriminator("kind")
    sealed class Event {
        @Serializable @SerialName("click")
        data class Click(val x: Int) : Event()
    }

    @Serializable
    data class WithEvent(val event: Event)

    @Serializable
    sealed class Clashing {
        @Serializable @SerialName("bad")
        data class Bad(val type: String) : Clashing()
    }

    @Serializable
    data class WithClash(val c: Clashing)
}

class JsonSchemasTest : FunSpec({
    fun json(text: String): JsonElement = Json.parseToJsonElement(text)

    val addressSchema = """
        {"type":"object","properties":{"street":{"type":"string"},"zip_code":{"type":["string","null"]}},
         "required":["street","zip_code"],"additionalProperties":false}
    """

    test("a class with primitives, nullables, enums, lists and nested classes") {
        JsonSchemas.of(SchemaPerson.serializer().descriptor) shouldBe json(
            """
            {"type":"object","description":"A person",
             "properties":{
               "name":{"type":"string","description":"Full name"},
               "age":{"type":"integer"},
               "id":{"type":"integer"},
               "height":{"type":"number"},
               "ratio":{"type":"number"},
               "active":{"type":"boolean"},
               "initial":{"type":"string"},
               "nickname":{"type":["string","null"]},
               "tags":{"type":"array","items":{"type":"string"}},
               "favourite":{"type":"string","enum":["RED","dark-green"]},
               "second":{"type":["string","null"],"enum":["RED","dark-green",null]},
               "address":$addressSchema,
               "previous":{"anyOf":[$addressSchema,{"type":"null"}],"description":"Where they lived before"},
               "scores":{"type":["array","null"],"items":{"type":"integer"}}
             },
             "required":["name","age","id","height","ratio","active","initial","nickname","tags","favourite","second",
                         "address","previous","scores"],
             "additionalProperties":false}
            """,
        )
    }

    test("a recursive root refers to itself with #") {
        JsonSchemas.of(TreeNode.serializer().descriptor) shouldBe json(
            """
            {"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"${'$'}ref":"#"}}},
             "required":["value","children"],"additionalProperties":false}
            """,
        )
    }

    test("a recursive nested class goes to \$defs, once, and is referenced everywhere") {
        JsonSchemas.of(Forest.serializer().descriptor) shouldBe json(
            """
            {"type":"object","properties":{
               "trees":{"type":"array","items":{"${'$'}ref":"#/${'$'}defs/TreeNode"}},
               "tallest":{"anyOf":[{"${'$'}ref":"#/${'$'}defs/TreeNode"},{"type":"null"}],"description":"The tallest tree"},
               "name":{"type":"string"}},
             "required":["trees","tallest","name"],"additionalProperties":false,
             "${'$'}defs":{"TreeNode":{"type":"object","properties":{"value":{"type":"integer"},
                "children":{"type":"array","items":{"${'$'}ref":"#/${'$'}defs/TreeNode"}}},
                "required":["value","children"],"additionalProperties":false}}}
            """,
        )
    }

    test("mutually recursive classes: the cycle's entry goes to \$defs, the rest is inline") {
        val partB = """{"type":"object","properties":{"a":{"anyOf":[{"${'$'}ref":"#/${'$'}defs/PartA"},{"type":"null"}]},
            "label":{"type":"string"}},"required":["a","label"],"additionalProperties":false}"""
        JsonSchemas.of(Parts.serializer().descriptor) shouldBe json(
            """
            {"type":"object","properties":{"first":{"${'$'}ref":"#/${'$'}defs/PartA"},"loose":$partB},
             "required":["first","loose"],"additionalProperties":false,
             "${'$'}defs":{"PartA":{"type":"object","properties":{"b":{"anyOf":[$partB,{"type":"null"}]}},
               "required":["b"],"additionalProperties":false}}}
            """,
        )
    }

    test("a sealed class is anyOf its subclasses, each with a type discriminator") {
        val shape = """
            [{"type":"object","properties":{"type":{"type":"string","enum":["circle"]},"radius":{"type":"number"}},
              "required":["type","radius"],"additionalProperties":false},
             {"type":"object","properties":{"type":{"type":"string","enum":["empty"]}},
              "required":["type"],"additionalProperties":false},
             {"type":"object","properties":{"type":{"type":"string","enum":["square"]},"side_length":{"type":"number"}},
              "required":["type","side_length"],"additionalProperties":false}]
        """
        val alternatives = json(shape).jsonArray
        JsonSchemas.of(Drawing.serializer().descriptor) shouldBe json(
            """
            {"type":"object","properties":{
               "shapes":{"type":"array","items":{"anyOf":$alternatives}},
               "highlight":{"anyOf":${JsonArray(alternatives + json("""{"type":"null"}"""))}}},
             "required":["shapes","highlight"],"additionalProperties":false}
            """,
        )
    }

    test("a recursive sealed interface goes to \$defs") {
        JsonSchemas.of(Calculation.serializer().descriptor) shouldBe json(
            """
            {"type":"object","properties":{"expr":{"${'$'}ref":"#/${'$'}defs/Expr"},"note":{"type":"string"}},
             "required":["expr","note"],"additionalProperties":false,
             "${'$'}defs":{"Expr":{"anyOf":[
               {"type":"object","properties":{"type":{"type":"string","enum":["add"]},
                 "left":{"${'$'}ref":"#/${'$'}defs/Expr"},"right":{"${'$'}ref":"#/${'$'}defs/Expr"}},
                 "required":["type","left","right"],"additionalProperties":false},
               {"type":"object","properties":{"type":{"type":"string","enum":["num"]},"value":{"type":"integer"}},
                 "required":["type","value"],"additionalProperties":false}]}}}
            """,
        )
    }

    test("@JsonClassDiscriminator names the discriminator property") {
        JsonSchemas.of(WithEvent.serializer().descriptor) shouldBe json(
            """
            {"type":"object","properties":{"event":{"anyOf":[{"type":"object","properties":{
               "kind":{"type":"string","enum":["click"]},"x":{"type":"integer"}},
               "required":["kind","x"],"additionalProperties":false}]}},
             "required":["event"],"additionalProperties":false}
            """,
        )
    }

    test("generic classes are described per type argument") {
        JsonSchemas.of(Boxes.serializer().descriptor) shouldBe json(
            """
            {"type":"object","properties":{
               "ints":{"type":"object","properties":{"item":{"type":"integer"}},"required":["item"],"additionalProperties":false},
               "texts":{"type":"object","properties":{"item":{"type":"string"}},"required":["item"],"additionalProperties":false}},
             "required":["ints","texts"],"additionalProperties":false}
            """,
        )
    }

    test("an inline value class is the schema of what it wraps") {
        JsonSchemas.of(WithInline.serializer().descriptor) shouldBe json(
            """
            {"type":"object","properties":{"id":{"type":"string"},"other":{"type":["string","null"]}},
             "required":["id","other"],"additionalProperties":false}
            """,
        )
    }

    test("maps are rejected, naming the property") {
        val e = shouldThrow<IllegalArgumentException> { JsonSchemas.of(WithMap.serializer().descriptor) }
        e.message shouldContain "WithMap.scores"
        e.message shouldContain "maps"
    }

    test("JsonElement, open polymorphism and contextual properties are rejected, naming the property") {
        shouldThrow<IllegalArgumentException> { JsonSchemas.of(WithJson.serializer().descriptor) }
            .message shouldContain "WithJson.extra"
        val open = shouldThrow<IllegalArgumentException> { JsonSchemas.of(WithOpen.serializer().descriptor) }
        open.message shouldContain "WithOpen.animal"
        open.message shouldContain "sealed class"
        shouldThrow<IllegalArgumentException> { JsonSchemas.of(WithContextual.serializer().descriptor) }
            .message shouldContain "WithContextual.at"
    }

    test("a subclass property named like the discriminator is rejected") {
        shouldThrow<IllegalArgumentException> { JsonSchemas.of(WithClash.serializer().descriptor) }
            .message shouldContain "'type'"
    }

    test("the root must be a non-null class or object") {
        shouldThrow<IllegalArgumentException> { JsonSchemas.of(ListSerializer(String.serializer()).descriptor) }
            .message shouldContain "a list"
        shouldThrow<IllegalArgumentException> { JsonSchemas.of(Shape.serializer().descriptor) }
            .message shouldContain "sealed class"
        shouldThrow<IllegalArgumentException> { JsonSchemas.of(serializer<SchemaAddress?>().descriptor) }
            .message shouldContain "nullable"
        JsonSchemas.of(Shape.Empty.serializer().descriptor) shouldBe
            json("""{"type":"object","properties":{},"required":[],"additionalProperties":false}""")
    }

    test("what kotlinx Json writes validates against the schema") {
        val person = SchemaPerson(
            "Ada", 36, 1L, 1.7, 0.5f, true, 'A', null, listOf("x"), SchemaColor.GREEN, null,
            SchemaAddress("Main St", null), SchemaAddress("Old St", "123"), listOf(1, 2),
        )
        val drawing = Drawing(listOf(Shape.Circle(1.0), Shape.Square(2.0), Shape.Empty), null)
        val calc = Calculation(Add(Num(1), Add(Num(2), Num(3))), "sum")
        val forest = Forest(listOf(TreeNode(1, listOf(TreeNode(2, emptyList())))), TreeNode(3, emptyList()), "f")
        val parts = Parts(PartA(PartB(PartA(null), "x")), PartB(null, "y"))
        val encoder = Json { encodeDefaults = true }
        validate(encoder.encodeToJsonElement(SchemaPerson.serializer(), person), JsonSchemas.of(SchemaPerson.serializer().descriptor))
        validate(encoder.encodeToJsonElement(Drawing.serializer(), drawing), JsonSchemas.of(Drawing.serializer().descriptor))
        validate(encoder.encodeToJsonElement(Calculation.serializer(), calc), JsonSchemas.of(Calculation.serializer().descriptor))
        validate(encoder.encodeToJsonElement(Forest.serializer(), forest), JsonSchemas.of(Forest.serializer().descriptor))
        validate(encoder.encodeToJsonElement(Parts.serializer(), parts), JsonSchemas.of(Parts.serializer().descriptor))
    }

    test("the validator used above does reject what does not match") {
        val schema = JsonSchemas.of(Drawing.serializer().descriptor)
        shouldThrow<AssertionError> { validate(json("""{"shapes":[{"type":"triangle"}],"highlight":null}"""), schema) }
        shouldThrow<AssertionError> { validate(json("""{"shapes":[]}"""), schema) }
        shouldThrow<AssertionError> { validate(json("""{"shapes":[],"highlight":null,"extra":1}"""), schema) }
        shouldThrow<AssertionError> { validate(json("""{"shapes":[{"type":"circle","radius":"big"}],"highlight":null}"""), schema) }
    }
})

/** A small validator for the strict subset JsonSchemas writes: type, enum, properties, required, items, anyOf, $ref. */
private fun validate(value: JsonElement, schema: JsonObject, root: JsonObject = schema, path: String = "$") {
    schema["\$ref"]?.let { ref ->
        val target = ref.jsonPrimitive.content
        val resolved = if (target == "#") root else root["\$defs"]!!.jsonObject[target.removePrefix("#/\$defs/")]!!.jsonObject
        return validate(value, resolved, root, path)
    }
    schema["anyOf"]?.let { alternatives ->
        val ok = alternatives.jsonArray.any { runCatching { validate(value, it.jsonObject, root, path) }.isSuccess }
        if (!ok) throw AssertionError("$path: $value matches no alternative")
        return
    }
    val types = when (val t = schema["type"]) {
        is JsonArray -> t.map { it.jsonPrimitive.content }
        null -> emptyList()
        else -> listOf(t.jsonPrimitive.content)
    }
    val actual = when {
        value is JsonNull -> "null"
        value is JsonObject -> "object"
        value is JsonArray -> "array"
        value is JsonPrimitive && value.isString -> "string"
        value is JsonPrimitive && value.booleanOrNull != null -> "boolean"
        value is JsonPrimitive && value.content.toLongOrNull() != null -> "integer"
        else -> "number"
    }
    if (actual !in types && !(actual == "integer" && "number" in types)) throw AssertionError("$path: $actual is not $types")
    schema["enum"]?.let { if (value !in it.jsonArray) throw AssertionError("$path: $value not in ${it.jsonArray}") }
    if (value is JsonObject) {
        val properties = schema["properties"]!!.jsonObject
        val required = schema["required"]!!.jsonArray.map { it.jsonPrimitive.content }
        required.forEach { if (it !in value) throw AssertionError("$path: missing $it") }
        if (schema["additionalProperties"]?.jsonPrimitive?.booleanOrNull == false) {
            value.keys.forEach { if (it !in properties) throw AssertionError("$path: extra property $it") }
        }
        value.forEach { (k, v) -> validate(v, properties[k]!!.jsonObject, root, "$path.$k") }
    }
    if (value is JsonArray) value.forEachIndexed { i, v -> validate(v, schema["items"]!!.jsonObject, root, "$path[$i]") }
}

package dev.switchboard.java;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import dev.switchboard.CreateRequest;
import dev.switchboard.FunctionCall;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.ProtocolException;
import dev.switchboard.ResponseFormat;

/** Turns a request into a structured one and its answer into a Java value. */
final class StructuredOutput {
    /**
     * Strict: unknown properties, missing record components, nulls for primitives, numbers for enums and
     * trailing content all fail instead of yielding a value that differs from what the model sent. Fields are
     * read whatever their visibility, as the schema lists them. {@link JavaTools} reads tool arguments with it too.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .addModule(new Jdk8Module())
        .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .build();
    private static final int EXCERPT = 200;

    private StructuredOutput() {
    }

    /** The arguments {@code text} of {@code call} read as a {@code type} (see {@link JavaTools#arguments}). */
    static <T> T readArguments(FunctionCall call, Class<T> type, String text) {
        T value;
        try {
            value = MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw JavaTools.failure(call, type, String.valueOf(e.getOriginalMessage()), text, e);
        }
        if (value == null) throw JavaTools.failure(call, type, "the arguments are JSON null", text, null);
        return value;
    }

    /**
     * {@code request} with a strict JSON-schema response format for {@code type}.
     *
     * @throws IllegalArgumentException when the type has no strict schema, or the request already asks for
     *     another response format (it would be silently replaced).
     */
    static CreateRequest request(CreateRequest request, Class<?> type) {
        ResponseFormat own = request.getResponseFormat();
        if (own != null && !(own instanceof ResponseFormat.Text)) {
            throw new IllegalArgumentException("A structured call sets the response format from " + type.getName()
                + "; remove responseFormat(" + own + ") from the request");
        }
        return request.newBuilder().responseFormat(JavaSchemas.responseFormatOf(type)).build();
    }

    /**
     * The answer of {@code result} parsed into {@code type}.
     *
     * @throws ProtocolException when the model refused, called tools instead, or sent JSON that is not a
     *     valid {@code type}; the message says which, with the finish reason when the answer was cut off.
     */
    static <T> StructuredResult<T> parse(CreateResult result, Class<T> type, String provider, String model) {
        String target = type.getSimpleName();
        if (result.getRefusal() != null) {
            throw failure("Model '" + model + "' refused to answer as " + target + ": " + result.getRefusal(),
                result, provider, result.getRefusal(), null);
        }
        String content = result.getContent();
        if (content == null || content.isBlank()) {
            throw failure("Model '" + model + "' returned no JSON to read as " + target + " (finish reason "
                + result.getFinishReason() + (!result.getToolCalls().isEmpty() ? ", it called tools instead" : "") + ")",
                result, provider, content, null);
        }
        T value;
        try {
            value = MAPPER.readValue(content, type);
        } catch (JsonProcessingException e) {
            throw failure("The answer of model '" + model + "' is not a valid " + target + ": "
                + e.getOriginalMessage() + cutOffHint(result), result, provider, content, e);
        }
        if (value == null) {
            throw failure("The answer of model '" + model + "' is JSON null, not a " + target, result, provider,
                content, null);
        }
        return new StructuredResult<>(value, result);
    }

    private static String cutOffHint(CreateResult result) {
        return result.getFinishReason() == FinishReason.LENGTH
            ? " (finish reason LENGTH: the answer was cut off at the token limit; raise maxTokens)"
            : "";
    }

    private static ProtocolException failure(
        String message, CreateResult result, String provider, String body, Throwable cause) {
        String excerpt = body == null ? null : body.length() <= EXCERPT ? body : body.substring(0, EXCERPT) + "…";
        return new ProtocolException(message, provider, 200, result.getId(), excerpt, cause);
    }
}

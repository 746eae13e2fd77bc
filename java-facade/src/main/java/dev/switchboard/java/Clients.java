package dev.switchboard.java;

import dev.switchboard.ChatCompletionClient;
import dev.switchboard.CreateResult;
import dev.switchboard.ModelInfo;
import dev.switchboard.anthropic.AnthropicChatCompletionClient;
import dev.switchboard.anthropic.AnthropicConfig;
import dev.switchboard.azure.inference.AzureAiInferenceChatCompletionClient;
import dev.switchboard.azure.inference.AzureAiInferenceConfig;
import dev.switchboard.bedrock.BedrockChatCompletionClient;
import dev.switchboard.bedrock.BedrockConfig;
import dev.switchboard.cohere.CohereChatCompletionClient;
import dev.switchboard.cohere.CohereConfig;
import dev.switchboard.gemini.GeminiChatCompletionClient;
import dev.switchboard.gemini.GeminiConfig;
import dev.switchboard.java.internal.OllamaCalls;
import dev.switchboard.mistral.MistralChatCompletionClient;
import dev.switchboard.mistral.MistralConfig;
import dev.switchboard.ollama.OllamaChatCompletionClient;
import dev.switchboard.ollama.OllamaConfig;
import dev.switchboard.ollama.OllamaModel;
import dev.switchboard.openai.AzureOpenAiChatCompletionClient;
import dev.switchboard.openai.AzureOpenAiConfig;
import dev.switchboard.openai.InferenceProvider;
import dev.switchboard.openai.OpenAiApi;
import dev.switchboard.openai.OpenAiChatCompletionClient;
import dev.switchboard.openai.OpenAiCompatible;
import dev.switchboard.openai.OpenAiConfig;
import dev.switchboard.replay.RecordingChatCompletionClient;
import dev.switchboard.replay.ReplayChatCompletionClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Creates {@link SwitchboardClient}s: one factory per provider, replay clients for tests and offline demos,
 * and {@link #wrap} for any other {@link ChatCompletionClient} (a wrapper such as a cache or a router, or a
 * client built in Kotlin).
 */
public final class Clients {
    private Clients() {
    }

    /**
     * A client of OpenAI's {@code model} configured from the environment: {@code OPENAI_API_KEY}, and
     * {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID} when set.
     *
     * @throws IllegalArgumentException when {@code OPENAI_API_KEY} is not set (and {@code OPENAI_BASE_URL} does not
     *     name another server), or OpenAI does not list the model (declare it with
     *     {@link #openAi(String, OpenAiConfig)} and {@code OpenAiConfig.Builder.modelInfo}).
     */
    public static SwitchboardClient openAi(String model) {
        return wrap(OpenAiChatCompletionClient.fromEnvironment(Objects.requireNonNull(model, "model")));
    }

    /**
     * A client of {@code model} behind the OpenAI Chat Completions API at {@code config}'s base URL: OpenAI
     * itself, Azure-style gateways, or any compatible server. Start from {@code OpenAiConfig.builder()},
     * {@code OpenAiConfig.fromEnvironment()} or a preset's {@code OpenAiCompatible.config()}.
     *
     * @throws IllegalArgumentException when the endpoint is OpenAI's own, the model is one it does not list and no
     *     {@code ModelInfo} is declared; or the endpoint needs an API key and none is configured.
     */
    public static SwitchboardClient openAi(String model, OpenAiConfig config) {
        Objects.requireNonNull(config, "config");
        return wrap(OpenAiChatCompletionClient.create(Objects.requireNonNull(model, "model"), config));
    }

    /**
     * A client of {@code model} at an OpenAI-compatible service ({@link OpenAiCompatible#GROQ},
     * {@link OpenAiCompatible#OLLAMA}, ...), with the preset's base URL and the API key from its environment
     * variable. For another key or URL, pass {@code preset.config().apiKey(...).build()} to
     * {@link #openAi(String, OpenAiConfig)}.
     *
     * @throws IllegalArgumentException when the service needs an API key and its variable is not set.
     */
    public static SwitchboardClient openAiCompatible(OpenAiCompatible preset, String model) {
        Objects.requireNonNull(preset, "preset");
        return wrap(preset.client(Objects.requireNonNull(model, "model")));
    }

    /**
     * A client of the Azure OpenAI {@code deployment} configured from the environment: {@code AZURE_OPENAI_ENDPOINT},
     * {@code AZURE_OPENAI_API_KEY} and, when set, {@code OPENAI_API_VERSION}. For Microsoft Entra ID tokens use
     * {@link #azureOpenAi(String, AzureOpenAiConfig)} with {@code AzureOpenAiConfig.Builder.tokenProvider}.
     *
     * @throws IllegalArgumentException when the endpoint or the key is not set.
     */
    public static SwitchboardClient azureOpenAi(String deployment) {
        return wrap(AzureOpenAiChatCompletionClient.fromEnvironment(Objects.requireNonNull(deployment, "deployment")));
    }

    /**
     * A client of the Azure OpenAI {@code deployment} with {@code config}: the resource endpoint, an API key or an
     * Entra ID token provider ({@code AzureIdentityTokens.defaultCredential()} from {@code switchboard-azure-identity},
     * or any {@code AccessTokenProvider}), the deployment-based API with {@code api-version} or the {@code /openai/v1} API.
     *
     * @throws IllegalArgumentException when the config has neither an API key nor a token provider.
     */
    public static SwitchboardClient azureOpenAi(String deployment, AzureOpenAiConfig config) {
        Objects.requireNonNull(config, "config");
        return wrap(AzureOpenAiChatCompletionClient.create(Objects.requireNonNull(deployment, "deployment"), config));
    }

    /**
     * A client of {@code model} behind the Azure AI Inference API (Azure AI Foundry, serverless deployments) with
     * {@code config}: endpoint, key or token, {@code api-version}. Its capabilities must be declared, since the API
     * serves any model: {@code AzureAiInferenceConfig.builder().endpoint(..).apiKey(..).modelInfo(ModelInfo.builder()
     * .functionCalling(true).jsonOutput(true).family("llama").build())}.
     *
     * @throws IllegalArgumentException when the config declares no {@code ModelInfo} or has no credentials.
     */
    public static SwitchboardClient azureAiInference(String model, AzureAiInferenceConfig config) {
        Objects.requireNonNull(config, "config");
        return wrap(AzureAiInferenceChatCompletionClient.create(Objects.requireNonNull(model, "model"), config));
    }

    /**
     * A client of {@code model} on GitHub Models (such as {@code openai/gpt-4o-mini}), with the token from
     * {@code GITHUB_TOKEN} and the capabilities {@code modelInfo} declares.
     *
     * @throws IllegalArgumentException when {@code GITHUB_TOKEN} is not set.
     */
    public static SwitchboardClient githubModels(String model, ModelInfo modelInfo) {
        Objects.requireNonNull(modelInfo, "modelInfo");
        return wrap(AzureAiInferenceChatCompletionClient.githubModels(Objects.requireNonNull(model, "model"), modelInfo));
    }

    /**
     * A client of Anthropic's {@code model} (Claude) configured from the environment: {@code ANTHROPIC_API_KEY},
     * and {@code ANTHROPIC_BASE_URL} when set.
     *
     * @throws IllegalArgumentException when {@code ANTHROPIC_API_KEY} is not set, or the model is not in
     *     {@code AnthropicModels} and no {@code ModelInfo} is declared.
     */
    public static SwitchboardClient anthropic(String model) {
        return wrap(AnthropicChatCompletionClient.fromEnvironment(Objects.requireNonNull(model, "model")));
    }

    /**
     * A client of Anthropic's {@code model} with {@code config}: start from {@code AnthropicConfig.builder()} or
     * {@code AnthropicConfig.fromEnvironment()} (key, base URL, API version, beta features, default output limit).
     *
     * @throws IllegalArgumentException when the config has no API key, or the model is unknown and no
     *     {@code ModelInfo} is declared.
     */
    public static SwitchboardClient anthropic(String model, AnthropicConfig config) {
        Objects.requireNonNull(config, "config");
        return wrap(AnthropicChatCompletionClient.create(Objects.requireNonNull(model, "model"), config));
    }

    /**
     * A client of {@code model} on the Ollama server that {@code OLLAMA_HOST} names (default
     * {@code http://localhost:11434}), over Ollama's native API. Makes no network call: unless the config declares
     * a {@code ModelInfo}, the model's capabilities are read from {@code /api/show} on the first call.
     */
    public static SwitchboardClient ollama(String model) {
        return wrap(OllamaChatCompletionClient.fromEnvironment(Objects.requireNonNull(model, "model")));
    }

    /**
     * A client of {@code model} on the Ollama server of {@code config} ({@code OllamaConfig.builder()} or
     * {@code OllamaConfig.fromEnvironment()}). Makes no network call; see {@link #ollamaDiscovered} to fail at
     * start-up when the model is missing.
     */
    public static SwitchboardClient ollama(String model, OllamaConfig config) {
        Objects.requireNonNull(config, "config");
        return wrap(OllamaChatCompletionClient.create(Objects.requireNonNull(model, "model"), config));
    }

    /**
     * A client of {@code model} on the Ollama server of {@code config}, completed once {@code /api/show} has told
     * what the model can do (vision, tools, context window). The future fails with
     * {@code NotFoundException} when the server does not have the model ({@code ollama pull <model>}), or
     * {@code ConnectionException} when no server answers.
     *
     * <p>The future completes on a thread of the library's callback pool (see
     * {@link SwitchboardClient#withCallbackExecutor}), so its dependent actions may block; cancelling it cancels the
     * discovery (a client discovered after the cancellation is closed).
     */
    public static CompletableFuture<SwitchboardClient> ollamaDiscovered(String model, OllamaConfig config) {
        Objects.requireNonNull(config, "config");
        return OllamaCalls.discover(Objects.requireNonNull(model, "model"), config);
    }

    /**
     * The models the Ollama server of {@code config} holds ({@code /api/tags}), in the server's order, asked over a
     * connection opened and closed for this call. The future fails with {@code ConnectionException} when no server
     * answers, or another {@code SwitchboardException} typed by cause.
     *
     * <p>The future completes on a thread of the library's callback pool, so its dependent actions may block;
     * cancelling it cancels the HTTP exchange.
     */
    public static CompletableFuture<List<OllamaModel>> ollamaModels(OllamaConfig config) {
        return OllamaCalls.listModels(Objects.requireNonNull(config, "config"));
    }

    /**
     * A client of Google's Gemini {@code model} over the Gemini API, keyed by {@code GEMINI_API_KEY} (or else
     * {@code GOOGLE_API_KEY}).
     *
     * @throws IllegalArgumentException when neither key is set or {@code model} is blank.
     */
    public static SwitchboardClient gemini(String model) {
        return wrap(GeminiChatCompletionClient.fromEnvironment(Objects.requireNonNull(model, "model")));
    }

    /**
     * A client of {@code model} as {@code config} says: the Gemini API ({@code GeminiConfig.builder().apiKey(...)}) or
     * Vertex AI ({@code GeminiConfig.vertex(project, location).tokenProvider(...)}).
     */
    public static SwitchboardClient gemini(String model, GeminiConfig config) {
        return wrap(GeminiChatCompletionClient.create(Objects.requireNonNull(model, "model"), Objects.requireNonNull(config, "config")));
    }

    /**
     * A client of {@code modelId} (or inference profile id) on Amazon Bedrock through the Converse API: with
     * {@code AWS_BEARER_TOKEN_BEDROCK} a Bedrock API key, else AWS credentials from the SDK's default chain signing
     * every attempt with SigV4; the region from {@code AWS_REGION} (or the profile).
     *
     * @throws IllegalArgumentException when no region is set or {@code modelId} is blank.
     */
    public static SwitchboardClient bedrock(String modelId) {
        return wrap(BedrockChatCompletionClient.fromEnvironment(Objects.requireNonNull(modelId, "modelId")));
    }

    /** A client of {@code modelId} on the Bedrock runtime of {@code config} ({@code BedrockConfig.builder()}). */
    public static SwitchboardClient bedrock(String modelId, BedrockConfig config) {
        return wrap(BedrockChatCompletionClient.create(Objects.requireNonNull(modelId, "modelId"), Objects.requireNonNull(config, "config")));
    }

    /**
     * A client of Cohere's {@code model} over the v2 Chat API, keyed by {@code CO_API_KEY} (or {@code COHERE_API_KEY}).
     * Documents go with {@code CohereDocuments.attach(builder, documents)}; citations come back on
     * {@code CreateResult.getCitations()}.
     *
     * @throws IllegalArgumentException when no key is set or {@code model} is blank.
     */
    public static SwitchboardClient cohere(String model) {
        return wrap(CohereChatCompletionClient.fromEnvironment(Objects.requireNonNull(model, "model")));
    }

    /** A client of {@code model} on the Cohere endpoint of {@code config} ({@code CohereConfig.builder()}). */
    public static SwitchboardClient cohere(String model, CohereConfig config) {
        return wrap(CohereChatCompletionClient.create(Objects.requireNonNull(model, "model"), Objects.requireNonNull(config, "config")));
    }

    /**
     * A client of Mistral's {@code model} over its native API ({@code random_seed}, {@code safe_prompt},
     * {@code prompt_mode}, thinking chunks as thought), keyed by {@code MISTRAL_API_KEY}.
     *
     * @throws IllegalArgumentException when no key is set or {@code model} is blank.
     */
    public static SwitchboardClient mistral(String model) {
        return wrap(MistralChatCompletionClient.fromEnvironment(Objects.requireNonNull(model, "model")));
    }

    /** A client of {@code model} on the Mistral endpoint of {@code config} ({@code MistralConfig.builder()}). */
    public static SwitchboardClient mistral(String model, MistralConfig config) {
        return wrap(MistralChatCompletionClient.create(Objects.requireNonNull(model, "model"), Objects.requireNonNull(config, "config")));
    }

    /**
     * A client of OpenAI's {@code model} over the Responses API ({@code POST /responses}), configured from the
     * environment as {@link #openAi(String)} is. Its results carry the response id ({@code CreateResult.getId()}),
     * to continue from with {@code ResponsesRequests.previousResponseId(builder, id)}, and its reasoning items,
     * sent back on the next turn.
     *
     * @throws IllegalArgumentException when {@code OPENAI_API_KEY} is not set, or the model is unknown and no
     *     {@code ModelInfo} is declared.
     */
    public static SwitchboardClient openAiResponses(String model) {
        return openAiResponses(model, OpenAiConfig.fromEnvironment().build());
    }

    /**
     * A client of {@code model} over the Responses API with {@code config}, whatever API the config chose (the
     * same as {@code openAi(model, config.newBuilder().api(OpenAiApi.RESPONSES).build())}).
     *
     * @throws IllegalArgumentException as {@link #openAi(String, OpenAiConfig)} does.
     */
    public static SwitchboardClient openAiResponses(String model, OpenAiConfig config) {
        Objects.requireNonNull(config, "config");
        OpenAiConfig responses = config.newBuilder().api(OpenAiApi.RESPONSES).build();
        return wrap(OpenAiChatCompletionClient.create(Objects.requireNonNull(model, "model"), responses));
    }

    /**
     * A client of {@code model} (a Hub model id such as {@code meta-llama/Llama-3.1-8B-Instruct}) on the Hugging Face
     * router, {@code https://router.huggingface.co/v1}, served by {@code provider} ({@link InferenceProvider#CEREBRAS},
     * {@link InferenceProvider#CHEAPEST}, {@code InferenceProvider.of("...")}), with the token from {@code HF_TOKEN}.
     * For another token or URL, pass {@code OpenAiCompatible.HUGGING_FACE.config().apiKey(...).build()} and
     * {@code provider.modelId(model)} to {@link #openAi(String, OpenAiConfig)}.
     *
     * @throws IllegalArgumentException when {@code HF_TOKEN} is not set, or {@code model} is blank or already ends in
     *     a {@code :provider} suffix.
     */
    public static SwitchboardClient huggingFace(String model, InferenceProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return wrap(provider.client(Objects.requireNonNull(model, "model")));
    }

    /**
     * A client of your own {@link ModelClient} (a model written in Java), with the same API as every provider's.
     * Closing the returned client closes {@code client}.
     */
    public static SwitchboardClient custom(ModelClient client) {
        Objects.requireNonNull(client, "client");
        return new SwitchboardClient(client.asChatCompletionClient(), client.getProvider());
    }

    /** A Java client over {@code client}. Closing the returned client closes {@code client}. */
    public static SwitchboardClient wrap(ChatCompletionClient client) {
        Objects.requireNonNull(client, "client");
        return new SwitchboardClient(client, providerOf(client));
    }

    /**
     * A client that passes every call to {@code delegate} and appends each completed exchange to
     * {@code file}, for {@link #replayFromFile} to play back later (in tests, or offline demos). Only the
     * model name and the number of messages of a request are written: no prompt, header or key. See
     * {@link RecordingChatCompletionClient}. Closing the returned client closes {@code delegate}.
     *
     * <pre>{@code
     * try (SwitchboardClient client = Clients.recording(
     *         OpenAiChatCompletionClient.fromEnvironment("gpt-4o-mini"), Path.of("src/test/resources/calls.jsonl"))) {
     *     client.create(request);
     * }
     * }</pre>
     */
    public static SwitchboardClient recording(ChatCompletionClient delegate, Path file) {
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(file, "file");
        return new SwitchboardClient(new RecordingChatCompletionClient(delegate, file), providerOf(delegate));
    }

    /** The provider name errors raised by the facade itself carry (structured output that does not parse). */
    private static String providerOf(ChatCompletionClient client) {
        return client.getProvider();
    }

    /**
     * A client that answers each call, {@code create} or stream, with the next of {@code results}, in order;
     * see {@link ReplayChatCompletionClient} (and its builder for streams, delays and capabilities).
     *
     * @throws IllegalArgumentException when {@code results} is empty.
     */
    public static SwitchboardClient replay(List<CreateResult> results) {
        return new SwitchboardClient(ReplayChatCompletionClient.of(List.copyOf(results)), "replay");
    }

    /**
     * A client that replays the recordings of the file at {@code path}, as written by a
     * {@code RecordingChatCompletionClient}.
     *
     * @throws IOException when the file cannot be read.
     * @throws IllegalArgumentException when it holds no recording, or a line is not one.
     */
    public static SwitchboardClient replayFromFile(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        try {
            return new SwitchboardClient(ReplayChatCompletionClient.fromFile(path), "replay");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Kotlin declares no checked exception, but the read throws IOException
            if (e instanceof IOException) throw (IOException) e;
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client that replays the recordings of the classpath resource {@code name}, such as a sample shipped
     * in a jar.
     *
     * @throws IllegalArgumentException when there is no such resource, it holds no recording, or a line is
     *     not one.
     */
    public static SwitchboardClient replayFromResource(String name) {
        return new SwitchboardClient(ReplayChatCompletionClient.fromResource(Objects.requireNonNull(name, "name")), "replay");
    }
}

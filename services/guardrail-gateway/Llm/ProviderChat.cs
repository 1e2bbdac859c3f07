using System.Diagnostics;
using System.Runtime.CompilerServices;
using Azure.AI.OpenAI;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using MlOps.GuardrailGateway.Llm.Tools;
using MlOps.OpenAi;
using MlOps.ServiceDefaults.Tracing;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>
/// Calls the providers that serve a model through Semantic Kernel's OpenAI or Azure OpenAI connector, in configured order: a 429, a 5xx
/// or a timeout moves on to the next provider; anything else (a 4xx about the request) is the caller's. Each call is a
/// GenAI span (gen_ai.operation.name, gen_ai.provider.name, gen_ai.request.model, usage tokens).
/// </summary>
public sealed class ProviderChat(IOptions<LlmOptions> options) : IDisposable
{
    // One connection pool for every provider; retries are the OpenAI client's (429/5xx with back-off), then fallback.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Provider, string Model), IChatCompletionService> _services = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OpenAI.OpenAIClient> _clients = new();

    // Named after the service, whose source the shared OpenTelemetry set-up already exports.
    public static readonly ActivitySource Source = new("MlOps.GuardrailGateway");

    /// <summary>The providers that serve the model, in fallback order.</summary>
    public IReadOnlyList<ProviderOptions> ProvidersFor(string model) =>
        [.. options.Value.Providers.Where(p => p.Models.Count == 0 || p.Models.Contains("*") || p.Models.Contains(model))];

    public Task<ChatTurn> CompleteAsync(string model, ChatHistory history, OpenAIPromptExecutionSettings settings, ToolDefinitions? tools, string? conversationId,
        CancellationToken cancellationToken) =>
        FirstAnsweringAsync("chat", model, conversationId, async (provider, activity, token) =>
        {
            ToolsOnTheWire.Attach(tools);
            var answer = await Service(provider, model).GetChatMessageContentAsync(history, settings, kernel: null, token);
            var usage = ProviderAnswers.Usage(answer.Metadata);
            TagUsage(activity, usage);
            var calls = ProviderAnswers.ToolCalls(answer);
            return new ChatTurn(answer.Content, calls, ProviderAnswers.FinishReason(answer, calls.Count > 0), provider.Name, usage?.PromptTokens, usage?.CompletionTokens);
        }, cancellationToken);

    public async IAsyncEnumerable<ChatDelta> StreamAsync(string model, ChatHistory history, OpenAIPromptExecutionSettings settings, ToolDefinitions? tools,
        string? conversationId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var provider in ProvidersFor(model))
        {
            using var activity = StartSpan("chat", provider, model, conversationId);
            ToolsOnTheWire.Attach(tools);
            var stream = Service(provider, model).GetStreamingChatMessageContentsAsync(history, settings, kernel: null, cancellationToken).GetAsyncEnumerator(cancellationToken);
            StreamingChatMessageContent? first = null;
            try
            {
                // Fallback is possible only until the first chunk: after that the caller already has part of an answer.
                first = await stream.MoveNextAsync().AsTask().WaitAsync(options.Value.ProviderTimeout, cancellationToken) ? stream.Current : null;
            }
            catch (Exception error) when (Retryable(error, cancellationToken))
            {
                activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                failures.Add($"{provider.Name}: {Describe(error)}");
                await stream.DisposeAsync();
                continue;
            }
            catch (Exception error) when (HttpStatusOf(error) is { } status)
            {
                await stream.DisposeAsync();
                throw Refused(provider, status);
            }
            try
            {
                for (var update = first; update is not null; update = await stream.MoveNextAsync() ? stream.Current : null)
                {
                    var delta = ProviderAnswers.Delta(update, provider.Name);
                    TagUsage(activity, delta.Usage);
                    yield return delta;
                }
            }
            finally
            {
                await stream.DisposeAsync();
            }
            yield break;
        }
        throw Unavailable(model, failures);
    }

    // The GenAI semantic conventions' usage attributes; a stream reports its usage on its last update.
    private static void TagUsage(Activity? activity, TokenUsage? usage)
    {
        if (usage is not null)
        {
            activity?.SetTag("gen_ai.usage.input_tokens", usage.PromptTokens);
            activity?.SetTag("gen_ai.usage.output_tokens", usage.CompletionTokens);
        }
    }

    /// <summary>Embeddings from the first provider that answers (same fallback rules as chat), with the prompt tokens reported.</summary>
    public Task<(IReadOnlyList<float[]> Vectors, string Provider, int? PromptTokens)> EmbedAsync(string model, IReadOnlyList<string> inputs, EmbeddingsRequest options,
        string? conversationId, CancellationToken cancellationToken) =>
        FirstAnsweringAsync<(IReadOnlyList<float[]>, string, int?)>("embeddings", model, conversationId, async (provider, activity, token) =>
        {
            var result = (await Client(provider).GetEmbeddingClient(provider.DeploymentOf(model)).GenerateEmbeddingsAsync(inputs,
                new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = (int?)options.Dimensions, EndUserId = options.User }, token)).Value;
            activity?.SetTag("gen_ai.usage.input_tokens", result.Usage?.InputTokenCount);
            return ([.. result.Select(e => e.ToFloats().ToArray())], provider.Name, result.Usage?.InputTokenCount);
        }, cancellationToken);

    // The fallback loop of whole (non-streamed) calls: each provider in order, under its own span and timeout.
    private async Task<T> FirstAnsweringAsync<T>(string operation, string model, string? conversationId,
        Func<ProviderOptions, Activity?, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var provider in ProvidersFor(model))
        {
            using var activity = StartSpan(operation, provider, model, conversationId);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.ProviderTimeout);
            try
            {
                return await call(provider, activity, timeout.Token);
            }
            catch (Exception error) when (Retryable(error, cancellationToken))
            {
                activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                failures.Add($"{provider.Name}: {Describe(error)}");
            }
            catch (Exception error) when (HttpStatusOf(error) is { } status)
            {
                activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                throw Refused(provider, status);
            }
        }
        throw Unavailable(model, failures);
    }

    private IChatCompletionService Service(ProviderOptions provider, string model) =>
        _services.GetOrAdd((provider.Name, model), _ => Client(provider) switch
        {
            AzureOpenAIClient azure => new AzureOpenAIChatCompletionService(provider.DeploymentOf(model), azure, modelId: model),
            var client => new OpenAIChatCompletionService(model, client),
        });

    private OpenAI.OpenAIClient Client(ProviderOptions provider) => _clients.GetOrAdd(provider.Name, _ =>
    {
        var key = new System.ClientModel.ApiKeyCredential(provider.ApiKey ?? "none");
        return provider.Kind == ProviderOptions.Azure
            ? new AzureOpenAIClient(provider.Endpoint, key, Configured(new AzureOpenAIClientOptions()))
            : new OpenAI.OpenAIClient(key, Configured(new OpenAI.OpenAIClientOptions { Endpoint = provider.Endpoint }));
    });

    // Every provider's client: the shared connection pool, the configured retries (then fallback) and timeout.
    private T Configured<T>(T clientOptions) where T : System.ClientModel.Primitives.ClientPipelineOptions
    {
        clientOptions.Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(_http);
        clientOptions.RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(options.Value.Retries);
        clientOptions.NetworkTimeout = options.Value.ProviderTimeout;
        clientOptions.AddPolicy(new ToolsOnTheWire(), System.ClientModel.Primitives.PipelinePosition.PerCall);
        return clientOptions;
    }

    public void Dispose() => _http.Dispose();

    private static Activity? StartSpan(string operation, ProviderOptions provider, string model, string? conversationId)
    {
        var activity = Source.StartActivity($"{operation} {model}", ActivityKind.Client);
        activity?.SetTag("gen_ai.operation.name", operation);
        activity?.SetTag("gen_ai.provider.name", provider.Name);
        activity?.SetTag("gen_ai.request.model", model);
        LlmSession.Tag(activity, conversationId);
        return activity;
    }

    private static bool Retryable(Exception error, CancellationToken caller) => HttpStatusOf(error) is { } status
        ? status is 429 or >= 500
        : error is HttpOperationException or HttpRequestException or TimeoutException or System.ClientModel.ClientResultException
            || (error is OperationCanceledException && !caller.IsCancellationRequested);

    // The provider's HTTP status, when the error carries one; a 4xx other than 429 is the provider refusing the call:
    // no outage, fallback would not help, and it must not surface as a 500.
    private static int? HttpStatusOf(Exception error) => error switch
    {
        HttpOperationException { StatusCode: { } status } => (int)status,
        System.ClientModel.ClientResultException { Status: > 0 and var status } => status,
        _ => null,
    };

    // The request's fault (400, 413, 422) stays a 400; a refused key or an unknown deployment is the gateway's set-up: 502.
    private static ProviderUnavailableException Refused(ProviderOptions provider, int status) => new(
        $"The provider {provider.Name} refused the call with HTTP {status}.",
        status is 400 or 413 or 422 ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway);

    private static string Describe(Exception error) =>
        HttpStatusOf(error) is { } status ? $"HTTP {status}"
        : error is TimeoutException or OperationCanceledException ? "timed out"
        : error.GetType().Name;

    private static ProviderUnavailableException Unavailable(string model, List<string> failures) => failures.Count == 0
        ? new ProviderUnavailableException($"No provider serves the model '{model}'.", StatusCodes.Status404NotFound)
        : new ProviderUnavailableException($"Every provider for '{model}' failed: {string.Join("; ", failures)}.",
            failures.All(f => f.EndsWith("HTTP 429", StringComparison.Ordinal)) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway);
}

using System.Text.Json;

namespace MlOps.Services.FunctionalTests.Incident.Postmortems;

/// <summary>
/// Two incident services of their own (own databases and queues, so the shared fixture's service takes none of their work): one
/// whose LLM target refuses connections, one whose LLM is a fake answering the narrative.
/// </summary>
public sealed class PostmortemServices : IAsyncLifetime
{
    public static readonly string Narrative = JsonSerializer.Serialize(new
    {
        summary = "FAKE-SUMMARY: scores drifted after a bad feature deploy.",
        impact = "FAKE-IMPACT: 3% of predictions were wrong for 20 minutes.",
        rootCauses = "FAKE-ROOT-CAUSE: an unvalidated feature pipeline change.",
        lessons = "FAKE-LESSON: validate features before deploying.",
        actionItems = "- FAKE-ACTION: add a schema check to the pipeline",
    });

    public FakeChatCompletions Llm { get; private set; } = null!;

    public IServiceUnderTest WithoutLlm { get; private set; } = null!;

    public IServiceUnderTest WithFakeLlm { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Llm = await FakeChatCompletions.StartAsync("```json\n" + Narrative + "\n```");
        // Port 1 on loopback: nothing listens, the connection is refused.
        WithoutLlm = Start("http://127.0.0.1:1/");
        WithFakeLlm = Start(Llm.BaseUrl + "/");
    }

    private static ServiceFactory<MlOps.Incident.Model.IncidentResponse> Start(string llmUrl)
    {
        var service = new ServiceFactory<MlOps.Incident.Model.IncidentResponse>("incidentdb", new Dictionary<string, string>
        {
            ["MlOps:Messaging:EndpointPrefix"] = "pm" + Guid.NewGuid().ToString("N")[..8],
            // Its own queues see every platform event on the vhost: with the shipped runbooks it would act on other tests' drift.
            ["MlOps:Incident:ShippedDefinitionsTenants"] = "",
            ["MlOps:Incident:Postmortem:LlmUrl"] = llmUrl,
            ["MlOps:Incident:Postmortem:LlmTimeout"] = "00:00:03",
            ["MlOps:Incident:Postmortem:PollInterval"] = "00:00:00.200",
        });
        service.CreateClient().Dispose();
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await WithoutLlm.DisposeAsync();
        await WithFakeLlm.DisposeAsync();
        await Llm.DisposeAsync();
    }
}

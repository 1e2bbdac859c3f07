using MlOps.Incident.Postmortems;

namespace MlOps.Services.FunctionalTests.Incident.Postmortems;

/// <summary>What the LLM is sent and how its answer is read, without a service.</summary>
public sealed class PostmortemPromptTests
{
    private static readonly DateTime At = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Facts_LongTimeline_CutToTheBoundWithTheOldestKeptAndTheRestCounted()
    {
        var timeline = Enumerable.Range(0, 2_000)
            .Select(i => new PostmortemFacts.TimelineRow(At, "note", "someone", $"entry {i} " + new string('x', 100))).ToList();
        var facts = new PostmortemFacts(new PostmortemFacts.IncidentRow(Guid.NewGuid(), "acme", "Title", "high", "manual", "resolved", At, null, null, At,
            "Fixed", "secret description", """{"team":"ml"}""", 0), timeline, [], []);

        var prompt = PostmortemPrompt.Facts(facts, 5_000);

        Assert.True(prompt.Length <= 5_000, $"{prompt.Length} characters");
        Assert.Contains("- 2026-01-02 03:04:05 note: entry 0 ", prompt);
        Assert.DoesNotContain("entry 1999 ", prompt);
        Assert.Contains("later entries left out)", prompt);
        Assert.Contains("Labels: team=ml", prompt);
        Assert.DoesNotContain("secret description", prompt);
    }

    [Theory]
    [InlineData("You said: draft it")]
    [InlineData("")]
    [InlineData("{\"summary\": \"\"}")]
    public void Parse_NotTheRequestedObject_Null(string content) => Assert.Null(NarrativeDrafter.Parse(content));

    [Fact]
    public void Parse_FencedObjectMissingAField_ThatFieldIsThePlaceholder()
    {
        var narrative = NarrativeDrafter.Parse("```json\n{\"summary\": \"S\", \"impact\": \"I\"}\n```");

        Assert.Equal(new PostmortemNarrative("S", "I", PostmortemNarrative.ToBeWritten, PostmortemNarrative.ToBeWritten, PostmortemNarrative.ToBeWritten),
            narrative);
    }
}

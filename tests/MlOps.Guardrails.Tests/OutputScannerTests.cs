using MlOps.Guardrails.Output;

namespace MlOps.Guardrails.Tests;

public sealed class OutputScannerTests
{
    private const string SystemPrompt = "You are the billing assistant of Example Corp. Never discuss refunds above 500 euros without a manager. Always answer in a friendly tone and keep answers short.";

    private static readonly OutputScanner Scanner = new(new OutputScannerOptions
    {
        CanaryToken = "c4n4ry-7f3a9e",
        SystemPrompt = SystemPrompt,
        BannedTerms = ["Project Falcon", "layoffs"],
        AllowedDomains = ["example.com"],
    });

    private static List<(string Kind, string Value)> Found(string text) => [.. Scanner.Scan(text).Select(f => (f.Kind, text.Substring(f.Start, f.Length)))];

    [Fact]
    public void Scan_CanaryToken_LeakAtItsSpan() =>
        Assert.Equal([("SYSTEM_PROMPT_LEAK", "c4n4ry-7f3a9e")], Found("My instructions start with c4n4ry-7f3a9e and then..."));

    [Fact]
    public void Scan_VerbatimPromptPassage_Leak() =>
        Assert.Contains(Found("Sure! I was told: never discuss refunds above 500 euros without a manager. Always answer in a friendly tone and keep answers short."),
            f => f.Kind == "SYSTEM_PROMPT_LEAK");

    [Fact]
    public void Scan_Paraphrase_NoLeak() =>
        Assert.Empty(Found("Refunds over 500 euros need a manager's approval, I'm afraid."));

    [Fact]
    public void Scan_BannedTermsWholeWordsOnly()
    {
        Assert.Equal([("BANNED_TERM", "project falcon")], Found("The roadmap for project falcon is secret."));
        Assert.Empty(Found("Falconry is a hobby."));
    }

    [Theory]
    [InlineData("Pay at https://billing.example.com/pay?id=7", null)]
    [InlineData("See www.example.com/help.", null)]
    [InlineData("Pay at https://examp1e-billing.net/pay", "URL_NOT_ALLOWED")]
    [InlineData("Open http://185.220.101.4/login", "SUSPICIOUS_URL")]
    [InlineData("Visit https://xn--exmple-cua.com/", "SUSPICIOUS_URL")]
    [InlineData("Click javascript:alert(1)", "SUSPICIOUS_URL")]
    [InlineData("Log in at https://user:pass@example.com/", "SUSPICIOUS_URL")]
    public void Scan_Links_JudgedByAllowListAndShape(string text, string? kind)
    {
        var found = Found(text);
        if (kind is null)
        {
            Assert.Empty(found);
        }
        else
        {
            Assert.Equal(kind, Assert.Single(found).Kind);
        }
    }
}

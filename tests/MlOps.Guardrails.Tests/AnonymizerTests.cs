using MlOps.Guardrails.Anonymization;
using MlOps.Guardrails.Pii;

namespace MlOps.Guardrails.Tests;

public sealed class AnonymizerTests
{
    private const string Text = "Mail bob@example.com and amy@example.org, then bob@example.com again; card 4111 1111 1111 1111.";
    private static readonly IReadOnlyList<Finding> Findings = new PiiScanner().Scan(Text);

    [Fact]
    public void Placeholder_SameValueSamePlaceholder_AndTheMappingRestoresTheAnswer()
    {
        var anonymized = Anonymizer.Anonymize(Text, Findings, AnonymizeOperator.Placeholder);

        Assert.Equal("Mail <EMAIL_ADDRESS_1> and <EMAIL_ADDRESS_2>, then <EMAIL_ADDRESS_1> again; card <CREDIT_CARD_1>.", anonymized.Text);
        Assert.Equal(3, anonymized.Mapping.Count);
        var answer = "I wrote to <EMAIL_ADDRESS_2> and charged <CREDIT_CARD_1>.";
        Assert.Equal("I wrote to amy@example.org and charged 4111 1111 1111 1111.", Anonymizer.Deanonymize(answer, anonymized.Mapping));
    }

    [Fact]
    public void Deanonymize_TwelfthPlaceholder_NotMistakenForTheFirst()
    {
        var mapping = new Dictionary<string, string> { ["<EMAIL_ADDRESS_1>"] = "a@x.io", ["<EMAIL_ADDRESS_12>"] = "l@x.io" };

        Assert.Equal("l@x.io a@x.io", Anonymizer.Deanonymize("<EMAIL_ADDRESS_12> <EMAIL_ADDRESS_1>", mapping));
    }

    [Fact]
    public void RedactMaskHash_ReplaceEverySpan()
    {
        var salt = "tenant-salt"u8.ToArray();

        Assert.Equal("Mail [REDACTED] and [REDACTED], then [REDACTED] again; card [REDACTED].", Anonymizer.Anonymize(Text, Findings, AnonymizeOperator.Redact).Text);
        Assert.Contains("card ***************1111.", Anonymizer.Anonymize(Text, Findings, AnonymizeOperator.Mask).Text, StringComparison.Ordinal);
        var hashed = Anonymizer.Anonymize(Text, Findings, AnonymizeOperator.Hash, salt).Text;
        var first = hashed.Split(' ')[1];
        Assert.Equal(16, first.Length);
        Assert.Equal(first, hashed.Split(' ')[5]);
        Assert.NotEqual(first, Anonymizer.Anonymize(Text, Findings, AnonymizeOperator.Hash, "other"u8.ToArray()).Text.Split(' ')[1]);
        Assert.Throws<ArgumentException>(() => Anonymizer.Anonymize(Text, Findings, AnonymizeOperator.Hash));
    }
}

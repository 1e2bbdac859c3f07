using MlOps.Guardrails.Pii;

namespace MlOps.Guardrails.Tests;

public sealed class LookalikeIdentifierTests
{
    private static readonly PiiScanner Scanner = new();

    [Fact]
    public void Scan_LookalikeIdentifiers_NoneRedactedAsCardIbanOrSsn()
    {
        var lookalikes = LookalikeIdentifiers.All();

        var flagged = lookalikes
            .SelectMany(text => Scanner.Scan(text).Where(f => f.Kind is "CREDIT_CARD" or "IBAN_CODE" or "US_SSN")
                .Select(f => $"{f.Kind}: {text.Substring(f.Start, f.Length)} in \"{text}\""))
            .ToList();

        Assert.Equal(250, lookalikes.Distinct().Count());
        Assert.Empty(flagged);
    }

    [Theory]
    [InlineData("Request 276297543-8469 took 470 ms")]
    [InlineData("Order 4111-1111 1111-1111 shipped")]
    [InlineData("batch 4111 1111 1111 1111 2222 queued")]
    [InlineData("snapshot 20241105134512 restored")]
    [InlineData("v536.22.1234 fixes the leak")]
    [InlineData("release 10.536.22.1234-rc.2")]
    [InlineData("reference DE89 370 400 440 532 013 000 archived")]
    public void Scan_IssueLookalike_NotRedacted(string text) => Assert.Empty(Scanner.Scan(text).Select(f => f.Kind));

    [Theory]
    [InlineData("card 4111 1111 1111 1111 expires", "4111 1111 1111 1111")]
    [InlineData("card 4111-1111-1111-1111 expires", "4111-1111-1111-1111")]
    [InlineData("amex 378282246310005 on file", "378282246310005")]
    [InlineData("amex 3782 822463 10005 on file", "3782 822463 10005")]
    [InlineData("diners 3056 930902 5904 on file", "3056 930902 5904")]
    [InlineData("visa 4111111111111111 on file", "4111111111111111")]
    [InlineData("visa 4222222222222 (13 digits)", "4222222222222")]
    [InlineData("maestro 6759 6498 2643 8453 on file", "6759 6498 2643 8453")]
    [InlineData("unionpay 6212 3456 7890 1234 569 on file", "6212 3456 7890 1234 569")]
    [InlineData("two cards: 4111 1111 1111 1111, 5500 0000 0000 0004", "4111 1111 1111 1111")]
    public void Scan_RealShapedCard_RedactedWithExactSpan(string text, string card) =>
        Assert.Contains(("CREDIT_CARD", card), Scanner.Scan(text).Select(f => (f.Kind, text.Substring(f.Start, f.Length))));
}

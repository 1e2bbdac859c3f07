using MlOps.Guardrails.Pii;

namespace MlOps.Guardrails.Tests;

public sealed class PiiScannerTests
{
    private static readonly PiiScanner Scanner = new();

    private static IReadOnlyList<(string Kind, string Value)> Found(string text, PiiScanner? scanner = null) =>
        [.. (scanner ?? Scanner).Scan(text).Select(f => (f.Kind, text.Substring(f.Start, f.Length)))];

    public static TheoryData<string, string, string> Positives() => new()
    {
        { "Write to jane.doe+news@example.co.uk today.", "EMAIL_ADDRESS", "jane.doe+news@example.co.uk" },
        { "Card: 4111 1111 1111 1111, exp 12/29", "CREDIT_CARD", "4111 1111 1111 1111" },
        { "charge 5500-0000-0000-0004 please", "CREDIT_CARD", "5500-0000-0000-0004" },
        { "Maestro 6759649826438453 on file", "CREDIT_CARD", "6759649826438453" },
        { "Pay into DE89 3704 0044 0532 0130 00 by Friday", "IBAN_CODE", "DE89 3704 0044 0532 0130 00" },
        { "iban gb82west12345698765432", "IBAN_CODE", "gb82west12345698765432" },
        { "My SSN is 536-22-1234.", "US_SSN", "536-22-1234" },
        { "social security number 536221234", "US_SSN", "536221234" },
        { "server at 192.168.10.254 is down", "IP_ADDRESS", "192.168.10.254" },
        { "ipv6 2001:db8:85a3::8a2e:370:7334 answered", "IP_ADDRESS", "2001:db8:85a3::8a2e:370:7334" },
        { "Call me on +44 20 7946 0958 tonight", "PHONE_NUMBER", "+44 20 7946 0958" },
        { "phone: (650) 253-0000", "PHONE_NUMBER", "(650) 253-0000" },
        { "Whatsapp me: 0612 34 56 78", "PHONE_NUMBER", "0612 34 56 78" },
        { "see https://example.com/a?b=c.", "URL", "https://example.com/a?b=c" },
        { "send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "CRYPTO", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2" },
        { "segwit bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "CRYPTO", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq" },
        { "eth 0x52908400098527886E0F7030069857D2E4169EE7", "CRYPTO", "0x52908400098527886E0F7030069857D2E4169EE7" },
        { "I was born on 14 March 1987 in Ulm", "DATE_OF_BIRTH", "14 March 1987" },
        { "DOB: 1987-03-14", "DATE_OF_BIRTH", "1987-03-14" },
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public void Scan_KnownFormat_FoundWithExactSpan(string text, string kind, string value) =>
        Assert.Contains((kind, value), Found(text));

    public static TheoryData<string> Negatives() =>
    [
        "Card 4111 1111 1111 1112 fails Luhn",
        "IBAN DE89 3704 0044 0532 0130 01 has a wrong check",
        "SSN 000-12-3456 has area 000, and 666-12-3456 and 912-12-3456 are never issued",
        "the famous example 078-05-1120 was printed on wallets",
        "octets 999.1.1.1 and 10.0.0.256 are out of range",
        "The meeting is on 14 March 1987 at noon",
        "order #12345 shipped in 3 boxes",
        "btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 has a bad checksum",
        "ZIP 94105-1804 and date 12/05/2024",
        "",
    ];

    [Theory]
    [MemberData(nameof(Negatives))]
    public void Scan_LookalikeOrInvalid_NothingFound(string text) => Assert.Empty(Found(text).Select(f => $"{f.Kind}: {f.Value}"));

    [Fact]
    public void Scan_ContextWord_RaisesAnAmbiguousNumberOverTheThreshold()
    {
        Assert.Empty(Found("reference 699 956 915"));
        Assert.Contains(("PHONE_NUMBER", "699 956 915"), Found("call me at 699 956 915"));
    }

    [Fact]
    public void Scan_AllowListDenyListCustomPatternAndEntities_AppliedFromOptions()
    {
        var scanner = new PiiScanner(new PiiScannerOptions
        {
            AllowList = ["support@example.com"],
            DenyList = ["Project Falcon"],
            CustomPatterns = [new CustomPattern("EMPLOYEE_ID", @"\bEMP-\d{6}\b", 0.9)],
        });

        var found = Found("Mail support@example.com or bob@example.com about project falcon, EMP-123456.", scanner);

        Assert.Equal([("EMAIL_ADDRESS", "bob@example.com"), ("DENY_LIST", "project falcon"), ("EMPLOYEE_ID", "EMP-123456")], found);
        var emailsOnly = new PiiScanner(new PiiScannerOptions { Entities = new HashSet<string> { "EMAIL_ADDRESS" } });
        Assert.Equal([("EMAIL_ADDRESS", "a@b.io")], Found("a@b.io 4111 1111 1111 1111", emailsOnly));
    }

    [Fact]
    public void Scan_OverlappingCandidates_HighestScoreWins()
    {
        var found = Found("card 4111111111111111");

        Assert.Equal([("CREDIT_CARD", "4111111111111111")], found);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    public void Luhn_ReferenceNumbers(string digits, bool valid) => Assert.Equal(valid, Checksums.Luhn(digits));
}

using MlOps.Guardrails.Secrets;

namespace MlOps.Guardrails.Tests;

public sealed class SecretScannerTests
{
    private static readonly SecretScanner Scanner = new();

    private static IReadOnlyList<(string Kind, string Value)> Found(string text) =>
        [.. Scanner.Scan(text).Select(f => (f.Kind, text.Substring(f.Start, f.Length)))];

    public static TheoryData<string, string, string> Secrets() => new()
    {
        { "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE" },
        { "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        { "token ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 leaked", "GITHUB_TOKEN", "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" },
        { "SLACK=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "SLACK_TOKEN", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx" },
        { "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "STRIPE_KEY", "sk_live_4eC39HqLyjWDarjtT1zdp7dc" },
        { "OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z", "OPENAI_API_KEY", "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z" },
        { "maps key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "GOOGLE_API_KEY", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY" },
        {
            "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            "JWT", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        },
        { "password: Zx81kQ2pLm9vRt4Yw7cB", "HIGH_ENTROPY_TOKEN", "Zx81kQ2pLm9vRt4Yw7cB" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Scan_KnownCredential_FoundWithExactSpan(string text, string kind, string value) =>
        Assert.Equal([(kind, value)], Found(text));

    [Fact]
    public void Scan_PrivateKeyBlock_TheWholeBlock()
    {
        var text = "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\nthanks";

        var found = Found(text);

        Assert.Equal("PRIVATE_KEY", Assert.Single(found).Kind);
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", found[0].Value, StringComparison.Ordinal);
        Assert.EndsWith("-----END OPENSSH PRIVATE KEY-----", found[0].Value, StringComparison.Ordinal);
    }

    public static TheoryData<string> Harmless() =>
    [
        "commit e83c5163316f89bfbde7d9ab23ca2e25604af290 fixed it",
        "id 123e4567-e89b-12d3-a456-426614174000",
        "The quick brown fox jumps over the lazy dog repeatedly",
        "eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiIxIn0.abcdefghijklmnop",
        "AKIAIOSFODNN7EXAMPLEX is one character too long",
        "my password is a secret",
    ];

    [Theory]
    [MemberData(nameof(Harmless))]
    public void Scan_LookalikeOrPlainText_NothingFound(string text) => Assert.Empty(Found(text));

    [Fact]
    public void Scan_ShortestFormat_StillPassesTheGate()
    {
        // A Slack token with the fewest characters its format allows: exactly the gate's shortest run.
        const string token = "xoxb-0123456789";

        Assert.Equal(SecretScanner.ShortestSecretRun, token.Length);
        Assert.Equal([("SLACK_TOKEN", token)], Found($"use {token} now"));
    }

    [Theory]
    [InlineData("The customer cannot log in after a password reset.", false)]
    [InlineData("ticket 17-4242 at jane.doe@example.com", false)]
    [InlineData("xoxb-012345678 is one short", false)]
    [InlineData("xoxb-0123456789", true)]
    [InlineData("Bearer eyJhbGci", true)]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----", true)]
    public void MayContainSecret_OnlyTextWithALongTokenRunOrAMarker(string text, bool expected) =>
        Assert.Equal(expected, SecretScanner.MayContainSecret(text));

    [Fact]
    public void ShannonEntropy_UniformAlphabet_IsLog2OfItsSize()
    {
        Assert.Equal(0, SecretScanner.ShannonEntropy("aaaa"));
        Assert.Equal(4, SecretScanner.ShannonEntropy("0123456789abcdef"), 12);
    }
}

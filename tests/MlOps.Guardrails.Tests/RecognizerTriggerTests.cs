using MlOps.Guardrails.Pii;

namespace MlOps.Guardrails.Tests;

/// <summary>A recognizer skipped because the text lacks its trigger characters must not have found anything there.</summary>
public sealed class RecognizerTriggerTests
{
    private static readonly IPiiRecognizer[] Recognizers =
    [
        new EmailRecognizer(), new CreditCardRecognizer(), new IbanRecognizer(), new UsSsnRecognizer(), new IpAddressRecognizer(),
        new PhoneRecognizer(), new UrlRecognizer(), new CryptoWalletRecognizer(), new DateOfBirthRecognizer(),
    ];

    [Theory]
    [InlineData("Write to jane.doe@example.com today")]
    [InlineData("card 4111 1111 1111 1111 and IBAN GB82 WEST 1234 5698 7654 32")]
    [InlineData("SSN 078-05-1120, server 10.0.0.1 or fe80::1ff:fe23:4567:890a, and dead:beef::cafe")]
    [InlineData("call +44 20 7946 0958 or visit www.example.com or https://example.org/x")]
    [InlineData("wallet 1BoatSLRHtKNngkdXEeobR76b53LETtpyT or 0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("I was born on 12 March 1984")]
    [InlineData("see WWW.Example.com, ftp://files.example.net, 192.168.1.20 or 2001:db8::1")]
    [InlineData("a sentence. Then 12 digits 345678 and a URL-like word: example.com")]
    [InlineData("call +1 555 12 3 now")]
    [InlineData("card 4111 1111 111 ends here")]
    [InlineData("ssn 078-05-112 is short")]
    [InlineData("plain words with no digits, at-signs or colons")]
    public void SkippedRecognizers_WouldHaveFoundNothing(string text)
    {
        foreach (var recognizer in Recognizers.Where(r => !r.MayOccurIn(text)))
        {
            Assert.Empty(recognizer.Recognize(text));
        }
    }

    [Fact]
    public void PlainWords_SkipEveryRecognizer() =>
        Assert.DoesNotContain(Recognizers, r => r.MayOccurIn("the customer cannot log in after a password reset"));
}

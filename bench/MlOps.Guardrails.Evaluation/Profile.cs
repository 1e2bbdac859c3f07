namespace MlOps.Guardrails.Evaluation;

/// <summary>Time per PII recognizer on prose with a little PII (for finding the slow ones).</summary>
public static class Profile
{
    public static void Run()
    {
        var text = string.Concat(Enumerable.Range(0, 10000).Select(i => i % 20 == 0
            ? "Our support team can be reached at help@example.com or on +1 650 253 0000 during business hours. "
            : "The quarterly report shows revenue grew in every region we operate in, led by the new subscription plans. "));
        MlOps.Guardrails.Pii.IPiiRecognizer[] all = [new MlOps.Guardrails.Pii.EmailRecognizer(), new MlOps.Guardrails.Pii.CreditCardRecognizer(), new MlOps.Guardrails.Pii.IbanRecognizer(), new MlOps.Guardrails.Pii.UsSsnRecognizer(), new MlOps.Guardrails.Pii.IpAddressRecognizer(), new MlOps.Guardrails.Pii.PhoneRecognizer(), new MlOps.Guardrails.Pii.UrlRecognizer(), new MlOps.Guardrails.Pii.CryptoWalletRecognizer(), new MlOps.Guardrails.Pii.DateOfBirthRecognizer()];
        foreach (var r in all)
        {
            r.Recognize(text).Count();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var n = r.Recognize(text).Count();
            Console.WriteLine($"{r.GetType().Name}: {sw.Elapsed.TotalMilliseconds:F1} ms, {n}");
        }
        var scanner = new MlOps.Guardrails.Pii.PiiScanner();
        scanner.Scan(text);
        var s = System.Diagnostics.Stopwatch.StartNew();
        scanner.Scan(text);
        Console.WriteLine($"scanner {s.Elapsed.TotalMilliseconds:F1} ms for {text.Length / 1e6:F2} M chars");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MlOps.Guardrails.Evaluation;

/// <summary>Megabytes of text a scanner gets through per second on one core: English prose with a little PII in it.</summary>
public static class Throughput
{
    /// <summary>One row: <paramref name="piiEvery"/> is how many sentences apart the PII-bearing ones are (2 = dense, 20 ≈ one per 2 KB).</summary>
    public static string Measure(IScanner scanner, int piiEvery, int megabytes = 2)
    {
        var text = Corpus(megabytes * 1024 * 1024, piiEvery);
        scanner.Scan(text[..10_000]);
        var stopwatch = Stopwatch.StartNew();
        var findings = scanner.Scan(text).Count;
        var seconds = stopwatch.Elapsed.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture, $"| {scanner.Name} | {megabytes} MB, PII sentence every {piiEvery} | {seconds:F2} s | {megabytes / seconds:F1} MB/s | {findings} |");
    }

    private static string Corpus(int size, int piiEvery)
    {
        string[] prose =
        [
            "The quarterly report shows revenue grew in every region we operate in, led by the new subscription plans. ",
            "Please summarize the attached meeting notes and list the open action items with their owners. ",
            "The deployment failed because the service could not reach its database within the configured timeout. ",
        ];
        string[] pii =
        [
            "Our support team can be reached at help@example.com or on +1 650 253 0000 during business hours. ",
            "Refund the order placed with card 4111 1111 1111 1111 and confirm by e-mail once it is done. ",
        ];
        var builder = new StringBuilder(size + 200);
        for (var i = 0; builder.Length < size; i++)
        {
            builder.Append(i % piiEvery == 0 ? pii[i / piiEvery % pii.Length] : prose[i % prose.Length]);
        }
        return builder.ToString();
    }
}

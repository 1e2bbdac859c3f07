using System.Security.Cryptography;
using System.Text;

namespace MlOps.Guardrails.Anonymization;

/// <summary>Replaces findings in a text by an operator, and restores placeholders in a later text (a model's answer) for the caller.</summary>
public static class Anonymizer
{
    /// <summary>
    /// Replaces every (non-overlapping) finding; <paramref name="salt"/> keys the Hash operator; pass one
    /// <paramref name="placeholders"/> to several calls to number placeholders across texts.
    /// </summary>
    public static AnonymizedText Anonymize(string text, IEnumerable<Finding> findings, AnonymizeOperator @operator, byte[]? salt = null, PlaceholderMapping? placeholders = null)
    {
        placeholders ??= new PlaceholderMapping();
        var result = new StringBuilder(text.Length);
        var position = 0;
        foreach (var finding in FindingOverlaps.KeepBest(findings))
        {
            result.Append(text, position, finding.Start - position);
            var value = text.Substring(finding.Start, finding.Length);
            result.Append(@operator switch
            {
                AnonymizeOperator.Redact => "[REDACTED]",
                AnonymizeOperator.Mask => Mask(value),
                AnonymizeOperator.Hash => Hash(value, salt ?? throw new ArgumentException("The Hash operator needs a salt.", nameof(salt))),
                _ => placeholders.For(finding.Kind, value),
            });
            position = finding.End;
        }
        result.Append(text, position, text.Length - position);
        return new AnonymizedText(result.ToString(), placeholders.Originals);
    }

    /// <summary>Puts the original values back wherever their placeholders appear.</summary>
    public static string Deanonymize(string text, IReadOnlyDictionary<string, string> mapping)
    {
        var result = new StringBuilder(text);
        // Longest first, so <EMAIL_ADDRESS_12> is not taken for <EMAIL_ADDRESS_1> followed by "2>".
        foreach (var (placeholder, value) in mapping.OrderByDescending(m => m.Key.Length))
        {
            result.Replace(placeholder, value);
        }
        return result.ToString();
    }

    private static string Mask(string value) =>
        value.Length <= 4 ? new string('*', value.Length) : new string('*', value.Length - 4) + value[^4..];

    private static string Hash(string value, byte[] salt) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(value)))[..16];
}

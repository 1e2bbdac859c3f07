using System.Globalization;
using System.Text;
using MlOps.Guardrails.Pii;

namespace MlOps.Guardrails.Tests;

/// <summary>
/// Identifiers that look like cards, IBANs or SSNs but are not: request ids, order numbers, version strings, dates and
/// phone-like ids. The numbers are made Luhn-valid (and the IBAN-like ones mod-97-valid) so only their shape tells them apart.
/// </summary>
public static class LookalikeIdentifiers
{
    // Groupings no card issuer prints, each 13–19 digits in all.
    private static readonly int[][] Groupings =
    [
        [9, 4], [3, 3, 3, 4], [5, 5, 5], [6, 7], [8, 8], [2, 4, 4, 4, 2], [4, 4, 4, 3], [4, 3, 3, 3], [3, 4, 4, 4, 4], [7, 6, 3],
    ];

    private static readonly string[] RequestTemplates =
        ["Request {0} took {1} ms", "trace id {0}, retry {1}", "job {0} finished in {1} s", "correlation {0} (attempt {1})"];

    private static readonly string[] OrderTemplates =
        ["Order {0} shipped in {1} boxes", "invoice {0} is due in {1} days", "ticket {0} reopened {1} times", "tracking {0}, parcel {1}"];

    /// <summary>The fixed set, generated from a seeded random source so every run tests the same strings.</summary>
    public static IReadOnlyList<string> All()
    {
        var random = new Random(25);
        var all = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var id = Grouped(LuhnValid(random, '4', Groupings[i % Groupings.Length].Sum()), Groupings[i % Groupings.Length], i % 2 == 0 ? '-' : ' ');
            all.Add(Format(RequestTemplates[i % RequestTemplates.Length], id, random.Next(1, 999)));
        }
        for (var i = 0; i < 30; i++)
        {
            // Card groupings with the separator changing in the middle.
            var digits = LuhnValid(random, '5', 16);
            all.Add(Format(OrderTemplates[i % OrderTemplates.Length], $"{digits[..4]}-{digits[4..8]} {digits[8..12]}-{digits[12..]}", random.Next(2, 9)));
        }
        for (var i = 0; i < 20; i++)
        {
            // A card-length number glued to a longer id by a dash or a further group.
            var digits = LuhnValid(random, '4', 16);
            all.Add(i % 2 == 0 ? $"order ORD-{digits} confirmed" : $"batch {digits[..4]} {digits[4..8]} {digits[8..12]} {digits[12..]} {random.Next(1000, 9999)} queued");
        }
        for (var i = 0; i < 40; i++)
        {
            var (a, b, c, d) = (random.Next(0, 20), random.Next(0, 40), random.Next(0, 3000), random.Next(1000, 9999999));
            all.Add((i % 4) switch
            {
                0 => $"We upgraded the library from version {a}.{b}.{c} to {a + 1}.0.{d % 10}.",
                1 => $"build {a}.{b}.{c}.{d} is on the mirror",
                2 => $"v{random.Next(100, 899)}.{random.Next(10, 99)}.{random.Next(1000, 9999)} fixes the leak",
                _ => $"release {a}.{random.Next(100, 899)}.{random.Next(10, 99)}.{random.Next(1000, 9999)}-rc.{b}",
            });
        }
        for (var i = 0; i < 40; i++)
        {
            var when = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 3_000_000)).AddSeconds(random.Next(0, 60));
            all.Add((i % 5) switch
            {
                0 => $"snapshot {when.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}{random.Next(0, 99):D2} restored",
                1 => $"logged at {new DateTimeOffset(when).ToUnixTimeMilliseconds()} by the agent",
                2 => $"due {when.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC",
                3 => $"from {when.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)} to {when.AddDays(9).ToString("yyyy MM dd", CultureInfo.InvariantCulture)}",
                _ => $"window {when.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{when.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}",
            });
        }
        for (var i = 0; i < 30; i++)
        {
            var (area, line) = (random.Next(201, 899), random.Next(1000, 9999));
            all.Add((i % 3) switch
            {
                0 => $"phone {area}-{random.Next(200, 999)}-{line} ext {random.Next(10, 99)}",
                1 => $"device 0049 {random.Next(1500, 1799)} {random.Next(1000, 9999)} {line} registered",
                _ => $"SKU {area}-{random.Next(10, 99)}-{line}-{random.Next(1, 9)} in stock",
            });
        }
        for (var i = 0; i < 30; i++)
        {
            // Mod-97-valid IBANs written in groups of three or five, which banks never print.
            var iban = ValidIban(random, i % 2 == 0 ? "DE" : "FR", i % 2 == 0 ? 22 : 27);
            all.Add($"reference {Grouped(iban, Enumerable.Repeat(i % 3 == 0 ? 5 : 3, iban.Length / (i % 3 == 0 ? 5 : 3)).Append(iban.Length % (i % 3 == 0 ? 5 : 3)).Where(g => g > 0).ToArray(), ' ')} archived");
        }
        return all;
    }

    private static string Format(string template, string id, int number) => string.Format(CultureInfo.InvariantCulture, template, id, number);

    private static string Grouped(string value, int[] groups, char separator)
    {
        var (builder, at) = (new StringBuilder(), 0);
        foreach (var group in groups)
        {
            builder.Append(builder.Length == 0 ? "" : separator).Append(value.AsSpan(at, group));
            at += group;
        }
        return builder.ToString();
    }

    private static string LuhnValid(Random random, char first, int length)
    {
        var body = first + string.Concat(Enumerable.Range(0, length - 2).Select(_ => (char)('0' + random.Next(10))));
        return Enumerable.Range(0, 10).Select(d => body + (char)('0' + d)).First(n => Checksums.Luhn(n));
    }

    private static string ValidIban(Random random, string country, int length)
    {
        var bban = string.Concat(Enumerable.Range(0, length - 4).Select(_ => (char)('0' + random.Next(10))));
        return Enumerable.Range(2, 97).Select(c => $"{country}{c:D2}{bban}").First(n => Checksums.IbanMod97(n));
    }
}

namespace MlOps.Guardrails;

/// <summary>Resolves overlapping findings: the higher score wins, then the longer span, so each character is claimed once.</summary>
public static class FindingOverlaps
{
    /// <summary>Non-overlapping findings in text order (O(n log n): kept spans stay sorted and only neighbours are checked).</summary>
    public static IReadOnlyList<Finding> KeepBest(IEnumerable<Finding> findings)
    {
        var kept = new List<Finding>();
        var comparer = Comparer<Finding>.Create((a, b) => a.Start.CompareTo(b.Start));
        foreach (var finding in findings.OrderByDescending(f => f.Score).ThenByDescending(f => f.Length).ThenBy(f => f.Start))
        {
            var index = kept.BinarySearch(finding, comparer);
            var at = index >= 0 ? index : ~index;
            var clashes = (at < kept.Count && kept[at].Overlaps(finding)) || (at > 0 && kept[at - 1].Overlaps(finding));
            if (!clashes)
            {
                kept.Insert(at, finding);
            }
        }
        return kept;
    }
}

using System.Xml.Linq;
using MlOps.Drift.Reports;

namespace MlOps.Drift.Tests;

public sealed class ChartRendererTests
{
    [Fact]
    public void Distribution_TwoSeries_WellFormedSvgWithOneBarPerShareAndTheLabels()
    {
        var svg = ChartRenderer.Distribution("income (psi 0.3)", ["[0, 1)", "[1, 2)", "[2, 3]"], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6]);

        var document = XDocument.Parse(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Contains("[1, 2)", svg, StringComparison.Ordinal);
        Assert.Contains("income (psi 0.3)", svg, StringComparison.Ordinal);
        Assert.Equal(3, Count(svg, "fill:rgb(91,141,214)"));
        Assert.Equal(3, Count(svg, "fill:rgb(224,122,63)"));
        var clipIds = document.Descendants().Where(e => e.Name.LocalName == "clipPath").Select(e => (string)e.Attribute("id")!).ToList();
        Assert.DoesNotContain(clipIds, id => id.StartsWith("clipPath", StringComparison.Ordinal));
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public void History_SharesAndScores_WellFormedSvgWithALinePerColumn()
    {
        var at = new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);
        var svg = ChartRenderer.History([(at, 0.0), (at.AddHours(1), 0.5)],
            new Dictionary<string, IReadOnlyList<(DateTime, double)>> { ["income"] = [(at, 0.02), (at.AddHours(1), 0.4)], ["age"] = [(at, 0.01), (at.AddHours(1), 0.03)] });

        Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
        Assert.Contains("share drifted", svg, StringComparison.Ordinal);
        Assert.Contains("income", svg, StringComparison.Ordinal);
        Assert.Contains("age", svg, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("MLOPS_CHART_DUMP") is { } dump)
        {
            File.WriteAllText(dump, svg);
        }
    }
}

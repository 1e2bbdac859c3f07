using System.Diagnostics;
using MlOps.Incident.Slos;

namespace MlOps.Slo.Tests;

/// <summary>The generated rule files as Prometheus's own checker reads them (Debian's promtool), and their burn windows.</summary>
public sealed class RuleFileTests
{
    private static readonly SloOptions Options = new() { EvaluationInterval = TimeSpan.FromSeconds(30), MinimumRange = TimeSpan.FromMinutes(1) };

    [Fact]
    public async Task Generate_EveryKind_PromtoolAcceptsTheFile()
    {
        var objectives = new[]
        {
            new Objective { Name = "scoring-up", Kind = ObjectiveKinds.Availability, Model = "credit-default", Target = 99.9 },
            new Objective { Name = "scoring-fast", Kind = ObjectiveKinds.Latency, Model = "credit-default", ThresholdMs = 250, Target = 99 },
            new Objective { Name = "orders-fresh", Kind = ObjectiveKinds.Freshness, Dataset = "orders", MaxAge = "6h", Target = 99.5, Window = "7d" },
            // Quotes and backslashes in a model name stay inside their PromQL string.
            new Objective { Name = "odd", Kind = ObjectiveKinds.Availability, Model = "a\"b\\c", Target = 95 },
        };
        var file = Path.Combine(Path.GetTempPath(), $"mlops-slo-rules-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, PrometheusRules.Generate("acme", objectives, Options), TestContext.Current.CancellationToken);
        try
        {
            var (exit, text) = await RunAsync("/usr/bin/promtool", "check", "rules", file);

            Assert.True(exit == 0, text);
            // 4 groups of 4 recorded windows and 2 alerts, and the freshness group's staleness record: 25.
            Assert.Contains("SUCCESS: 25 rules found", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Generate_ObjectiveAboutAModel_ItsBurnAlertsCarryTheModelLabel()
    {
        var objectives = new[]
        {
            new Objective { Name = "scoring-up", Kind = ObjectiveKinds.Availability, Model = "credit-default", Target = 99.9 },
            new Objective { Name = "orders-fresh", Kind = ObjectiveKinds.Freshness, Dataset = "orders", MaxAge = "6h", Target = 99.5 },
        };

        var yaml = PrometheusRules.Generate("acme", objectives, Options);

        var groups = new YamlDotNet.Serialization.DeserializerBuilder().IgnoreUnmatchedProperties().Build().Deserialize<RuleFile>(yaml).Groups;
        var alerts = groups.ToDictionary(g => g.Name, g => g.Rules.Where(r => r.Alert is not null).ToList());
        Assert.Equal(2, alerts["slo:acme:scoring-up"].Count);
        Assert.All(alerts["slo:acme:scoring-up"], a => Assert.Equal("credit-default", a.Labels["model"]));
        Assert.All(alerts["slo:acme:scoring-up"], a => Assert.Equal("scoring-up", a.Labels["slo"]));
        Assert.Equal(2, alerts["slo:acme:orders-fresh"].Count);
        Assert.All(alerts["slo:acme:orders-fresh"], a => Assert.False(a.Labels.ContainsKey("model")));
    }

    [Theory]
    [InlineData("30d", "5m", 300)]
    [InlineData("30d", "6h", 21_600)]
    [InlineData("7d", "1h", 840)]
    [InlineData("2h", "1h", 60)]
    [InlineData("2h", "5m", 60)]
    public void Scaled_ObjectiveWindow_KeepsTheWorkbookProportionAboveTheFloor(string window, string burnWindow, int expectedSeconds)
    {
        MlOps.Incident.Rules.RuleDuration.TryParse(window, out var objective);

        var range = BurnWindows.Scaled(BurnWindows.Nominal(burnWindow), objective, TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), range);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string executable, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    // The parts of Prometheus's rule file format this test reads.
    public sealed class RuleFile
    {
        [YamlDotNet.Serialization.YamlMember(Alias = "groups")]
        public List<RuleGroup> Groups { get; set; } = [];
    }

    public sealed class RuleGroup
    {
        [YamlDotNet.Serialization.YamlMember(Alias = "name")]
        public string Name { get; set; } = "";

        [YamlDotNet.Serialization.YamlMember(Alias = "rules")]
        public List<GeneratedRule> Rules { get; set; } = [];
    }

    public sealed class GeneratedRule
    {
        [YamlDotNet.Serialization.YamlMember(Alias = "alert")]
        public string? Alert { get; set; }

        [YamlDotNet.Serialization.YamlMember(Alias = "labels")]
        public Dictionary<string, string> Labels { get; set; } = [];
    }
}

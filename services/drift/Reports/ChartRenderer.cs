using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace MlOps.Drift.Reports;

/// <summary>Draws the report's charts as inline SVG with OxyPlot (fully managed: no native graphics library needed).</summary>
public static class ChartRenderer
{
    private static readonly OxyColor ReferenceColor = OxyColor.FromRgb(0x5b, 0x8d, 0xd6);
    private static readonly OxyColor CurrentColor = OxyColor.FromRgb(0xe0, 0x7a, 0x3f);

    /// <summary>Reference and current share per bin (or category), side by side.</summary>
    public static string Distribution(string title, IReadOnlyList<string> labels, IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        // Explicit margins: the managed SVG text measurer underestimates label widths.
        var model = new PlotModel
        {
            Title = title, Subtitle = "blue: reference, orange: current", TitleFontSize = 13, DefaultFontSize = 10, IsLegendVisible = false,
            Padding = new OxyThickness(10), PlotMargins = new OxyThickness(150, 10, 30, 40),
        };
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Left, ItemsSource = labels, IsZoomEnabled = false, GapWidth = 0.3, StartPosition = 1, EndPosition = 0 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0, Title = "share of rows", MajorGridlineStyle = LineStyle.Dot, StringFormat = "0%" });
        model.Series.Add(Bars("reference", reference, ReferenceColor));
        model.Series.Add(Bars("current", current, CurrentColor));
        return Svg(model, 640, Math.Clamp(90 + 22 * labels.Count, 220, 900));
    }

    /// <summary>Drift scores of the model version's windows over time, one line per column, with the share of drifted columns.</summary>
    public static string History(IReadOnlyList<(DateTime At, double ShareDrifted)> shares, IReadOnlyDictionary<string, IReadOnlyList<(DateTime At, double Score)>> scores)
    {
        var model = new PlotModel { Title = "Drift over time", TitleFontSize = 13, DefaultFontSize = 10, Padding = new OxyThickness(10), PlotMargins = new OxyThickness(50, 10, 20, 40) };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopLeft, LegendPlacement = LegendPlacement.Inside, LegendBackground = OxyColor.FromAColor(220, OxyColors.White), LegendBorder = OxyColors.Gray });
        model.Axes.Add(new DateTimeAxis { Position = AxisPosition.Bottom, StringFormat = "MM-dd HH:mm", MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Minimum = 0, Title = "score / share", MajorGridlineStyle = LineStyle.Dot });
        var share = new LineSeries { Title = "share drifted", StrokeThickness = 3, Color = OxyColors.Black, MarkerType = MarkerType.Circle };
        share.Points.AddRange(shares.Select(s => DateTimeAxis.CreateDataPoint(s.At, s.ShareDrifted)));
        model.Series.Add(share);
        foreach (var (column, points) in scores)
        {
            var line = new LineSeries { Title = column, StrokeThickness = 1.5, MarkerType = MarkerType.Diamond, MarkerSize = 3 };
            line.Points.AddRange(points.Select(p => DateTimeAxis.CreateDataPoint(p.At, p.Score)));
            model.Series.Add(line);
        }
        return Svg(model, 820, 340);
    }

    private static BarSeries Bars(string title, IReadOnlyList<double> shares, OxyColor color)
    {
        var series = new BarSeries { Title = title, FillColor = color, StrokeThickness = 0 };
        series.Items.AddRange(shares.Select(s => new BarItem(s)));
        return series;
    }

    private static string Svg(PlotModel model, double width, double height)
    {
        var exporter = new SvgExporter { Width = width, Height = height, IsDocument = false };
        using var stream = new MemoryStream();
        exporter.Export(model, stream);
        // Several charts share one page: their clip-path ids must not collide.
        var prefix = "c" + Guid.NewGuid().ToString("N")[..8];
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF')
            .Replace("id=\"clipPath", $"id=\"{prefix}clipPath", StringComparison.Ordinal)
            .Replace("url(#clipPath", $"url(#{prefix}clipPath", StringComparison.Ordinal);
    }
}

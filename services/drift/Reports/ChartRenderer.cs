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
        var model = new PlotModel { Title = title, TitleFontSize = 13, DefaultFontSize = 10 };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightBottom, LegendPlacement = LegendPlacement.Inside });
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Left, ItemsSource = labels, IsZoomEnabled = false, GapWidth = 0.3 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0, Title = "share of rows", MajorGridlineStyle = LineStyle.Dot, StringFormat = "0%" });
        model.Series.Add(Bars("reference", reference, ReferenceColor));
        model.Series.Add(Bars("current", current, CurrentColor));
        return Svg(model, 640, Math.Clamp(90 + 22 * labels.Count, 220, 900));
    }

    /// <summary>Drift scores of the model version's windows over time, one line per column, with the share of drifted columns.</summary>
    public static string History(IReadOnlyList<(DateTime At, double ShareDrifted)> shares, IReadOnlyDictionary<string, IReadOnlyList<(DateTime At, double Score)>> scores)
    {
        var model = new PlotModel { Title = "Drift over time", TitleFontSize = 13, DefaultFontSize = 10 };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
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
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

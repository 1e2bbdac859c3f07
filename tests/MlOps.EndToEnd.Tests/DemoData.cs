using System.Globalization;

namespace MlOps.EndToEnd.Tests;

/// <summary>The demo model's data (services/trainer/DemoData), as predict instances and as a labelled CSV, with incomes scaled.</summary>
public static class DemoData
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(PlatformFixture.RepositoryRoot, "services/trainer/DemoData/credit-default.csv"));

    private static readonly string[] Header = Lines[0].Split(',');

    /// <summary>Every application as a predict instance (the label left out), income multiplied by <paramref name="incomeFactor"/>.</summary>
    public static List<Dictionary<string, object>> Applications(double incomeFactor) => [.. Lines[1..].Select(line =>
    {
        var cells = line.Split(',');
        var instance = new Dictionary<string, object>();
        for (var i = 0; i < Header.Length; i++)
        {
            if (Header[i] is not "defaulted")
            {
                instance[Header[i]] = Header[i] is "home_ownership" or "purpose" ? cells[i] : Scaled(Header[i], cells[i], incomeFactor);
            }
        }
        return instance;
    })];

    /// <summary>The whole file with its labels, income multiplied by <paramref name="incomeFactor"/>: fresh training data after the shift.</summary>
    public static string ShiftedCsv(double incomeFactor) => string.Join('\n', Lines.Take(1).Concat(Lines[1..].Select(line =>
        string.Join(',', line.Split(',').Select((cell, i) => Header[i] == "income"
            ? Scaled("income", cell, incomeFactor).ToString(CultureInfo.InvariantCulture) : cell))))) + "\n";

    /// <summary>Each application's true label (1 defaulted, 0 not), in the order of <see cref="Applications"/>.</summary>
    public static List<double> Labels() =>
        [.. Lines[1..].Select(line => double.Parse(line.Split(',')[Array.IndexOf(Header, "defaulted")], CultureInfo.InvariantCulture))];

    /// <summary>The whole file as it is, or with every label flipped: training data for a model that gets everything wrong.</summary>
    public static string LabelledCsv(bool invertLabels) => string.Join('\n', Lines.Take(1).Concat(Lines[1..].Select(line =>
        string.Join(',', line.Split(',').Select((cell, i) => invertLabels && Header[i] == "defaulted" ? (cell == "1" ? "0" : "1") : cell))))) + "\n";

    private static double Scaled(string column, string cell, double incomeFactor) =>
        double.Parse(cell, CultureInfo.InvariantCulture) * (column == "income" ? incomeFactor : 1);
}

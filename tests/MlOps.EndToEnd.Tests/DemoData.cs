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

    private static double Scaled(string column, string cell, double incomeFactor) =>
        double.Parse(cell, CultureInfo.InvariantCulture) * (column == "income" ? incomeFactor : 1);
}

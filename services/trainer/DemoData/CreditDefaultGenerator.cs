using System.Globalization;
using System.Text;

namespace MlOps.Trainer.DemoData;

/// <summary>
/// The synthetic credit-default data shipped as the demo problem. The generating process is documented in
/// DemoData/README.md; a fixed seed makes the committed CSV reproducible byte for byte.
/// </summary>
public static class CreditDefaultGenerator
{
    public const int DefaultRows = 20_000;
    public const int DefaultSeed = 20261127;

    public const string Header = "age,income,employment_years,loan_amount,credit_utilization,late_payments_12m,debt_to_income,home_ownership,purpose,defaulted";

    private static readonly (string Value, double Share, double Effect)[] HomeOwnership =
        [("RENT", 0.40, 0.30), ("MORTGAGE", 0.45, 0.0), ("OWN", 0.15, -0.30)];

    private static readonly (string Value, double Share, double Effect)[] Purposes =
        [("debt_consolidation", 0.35, 0.10), ("home_improvement", 0.15, -0.10), ("car", 0.20, -0.20),
         ("education", 0.10, 0.20), ("business", 0.08, 0.50), ("medical", 0.12, 0.35)];

    public static string Generate(int rows = DefaultRows, int seed = DefaultSeed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder(rows * 64).Append(Header).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var age = random.Next(21, 71);
            var income = Math.Round(Math.Exp(Math.Log(55_000) + 0.5 * Normal(random)) / 100) * 100;
            var employmentYears = Math.Min(age - 18, (int)(-6 * Math.Log(1 - random.NextDouble())));
            var loanAmount = Math.Round(Math.Exp(Math.Log(15_000) + 0.7 * Normal(random)) / 100) * 100;
            var utilization = Math.Round(Math.Clamp(0.30 + 0.20 * Normal(random), 0, 1), 3);
            var latePayments = Poisson(random, 0.6);
            var debtToIncome = Math.Round(Math.Max(0, loanAmount / income * 0.8 + 0.15 + 0.08 * Normal(random)), 3);
            var home = Pick(random, HomeOwnership);
            var purpose = Pick(random, Purposes);
            var logit = -2.2 + 2.5 * (utilization - 0.3) + 0.55 * latePayments + 1.8 * (debtToIncome - 0.3)
                - 0.25 * Math.Log(income / 55_000) - 0.02 * (age - 45) - 0.05 * employmentYears
                + home.Effect + purpose.Effect + 0.8 * latePayments * (utilization - 0.3);
            var defaulted = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            csv.Append(CultureInfo.InvariantCulture,
                $"{age},{income},{employmentYears},{loanAmount},{utilization},{latePayments},{debtToIncome},{home.Value},{purpose.Value},{(defaulted ? 1 : 0)}\n");
        }
        return csv.ToString();
    }

    // Box-Muller: a standard normal from two uniforms.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    // Knuth's method; fine for the small means used here.
    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }
        return k;
    }

    private static (string Value, double Share, double Effect) Pick(Random random, (string Value, double Share, double Effect)[] choices)
    {
        var u = random.NextDouble();
        foreach (var choice in choices)
        {
            if ((u -= choice.Share) < 0)
            {
                return choice;
            }
        }
        return choices[^1];
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace MlOps.Inference.Tests;

/// <summary>Requests for the credit-default demo model: OIP v2 bodies, v1 instances and CSV rows.</summary>
public static class DemoRequests
{
    public const string Model = "credit-default";

    private static readonly string[] Numeric = ["age", "income", "employment_years", "loan_amount", "credit_utilization", "late_payments_12m", "debt_to_income"];

    /// <summary>A plausible applicant; <paramref name="seed"/> varies every feature.</summary>
    public static JsonObject Instance(int seed = 0) => new()
    {
        ["age"] = (double)(21 + seed % 50),
        ["income"] = (double)(30_000 + seed * 731 % 90_000),
        ["employment_years"] = (double)(seed % 20),
        ["loan_amount"] = (double)(5_000 + seed * 397 % 30_000),
        ["credit_utilization"] = seed * 37 % 100 / 100.0,
        ["late_payments_12m"] = (double)(seed % 4),
        ["debt_to_income"] = seed * 13 % 90 / 100.0,
        ["home_ownership"] = (seed % 3) switch { 0 => "RENT", 1 => "OWN", _ => "MORTGAGE" },
        ["purpose"] = (seed % 4) switch { 0 => "car", 1 => "business", 2 => "medical", _ => "education" },
    };

    /// <summary>An OIP v2 body scoring the given instances as one batch ([rows, 1] per input).</summary>
    public static JsonObject Oip(params JsonObject[] instances)
    {
        var inputs = new JsonArray();
        foreach (var name in Numeric)
        {
            inputs.Add(Input(name, "FP32", instances.Select(i => (JsonNode?)JsonValue.Create(i[name]!.GetValue<double>()))));
        }
        foreach (var name in new[] { "home_ownership", "purpose" })
        {
            inputs.Add(Input(name, "BYTES", instances.Select(i => (JsonNode?)JsonValue.Create(i[name]!.GetValue<string>()))));
        }
        return new JsonObject { ["inputs"] = inputs };
    }

    public static string Csv(int rows, int offset = 0)
    {
        var csv = new System.Text.StringBuilder("id,age,income,employment_years,loan_amount,credit_utilization,late_payments_12m,debt_to_income,home_ownership,purpose\n");
        for (var i = offset; i < offset + rows; i++)
        {
            var x = Instance(i);
            csv.Append(CultureInfo.InvariantCulture, $"{i},{x["age"]},{x["income"]},{x["employment_years"]},{x["loan_amount"]},{x["credit_utilization"]},{x["late_payments_12m"]},{x["debt_to_income"]},{x["home_ownership"]},{x["purpose"]}\n");
        }
        return csv.ToString();
    }

    private static JsonObject Input(string name, string datatype, IEnumerable<JsonNode?> values)
    {
        var data = new JsonArray([.. values]);
        return new JsonObject { ["name"] = name, ["datatype"] = datatype, ["shape"] = new JsonArray(data.Count, 1), ["data"] = data };
    }
}

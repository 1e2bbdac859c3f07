using System.ComponentModel.DataAnnotations;
using MlOps.Drift.Monitoring;

namespace MlOps.Drift.Tests;

public sealed class DriftOptionsTests
{
    [Fact]
    public void Validate_UnknownTestOrNegativeThreshold_NamesTheColumn()
    {
        var options = new DriftOptions
        {
            Columns = { ["income"] = new ColumnTestOptions { StatTests = ["ks", "bogus"] }, ["age"] = new ColumnTestOptions { Threshold = -1 } },
        };

        var errors = options.Validate(new ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e!.StartsWith("MlOps:Drift:Columns:income names the unknown test 'bogus'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "MlOps:Drift:Columns:age:Threshold must be ≥ 0.");
    }

    [Fact]
    public void OptionsFor_ConfiguredColumn_TestsInOrderAndThreshold()
    {
        var options = new DriftOptions { Columns = { ["income"] = new ColumnTestOptions { StatTests = ["psi", "ks"], Threshold = 0.2 } } };

        var income = options.OptionsFor("income")!;

        Assert.Equal(["psi", "ks"], income.StatTests!.Select(t => t.Name));
        Assert.Equal(0.2, income.Threshold);
        Assert.Null(options.OptionsFor("age"));
    }
}

using MlOps.Inference.Features;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Tests;

/// <summary>OIP v2 tensors turned into one instance per row, for the entity-keyed fill that <c>:predict</c> uses.</summary>
public sealed class OipEntityRowsTests
{
    private static readonly ModelSignature Signature = new()
    {
        Inputs = [new TensorSpec("age", Datatype.Fp32, [-1, 1]), new TensorSpec("purpose", Datatype.Bytes, [-1, 1])],
        Outputs = [new TensorSpec("probability", Datatype.Fp32, [-1, 1])],
    };

    [Fact]
    public void ToInstances_KeyTensorAndInputTensor_OneInstancePerRow()
    {
        Tensor[] inputs = [new("applicant_id", Datatype.Int64, [2], new[] { 3L, 17L }), new("age", Datatype.Fp32, [2, 1], new[] { 30f, 41.5f })];

        using var instances = OipEntityRows.ToInstances(inputs);

        Assert.Equal("""{"instances":[{"applicant_id":3,"age":30},{"applicant_id":17,"age":41.5}]}""", instances.RootElement.GetRawText());
    }

    [Fact]
    public void ToInstances_TensorsWithDifferentRows_RefusedNamingBoth()
    {
        Tensor[] inputs = [new("applicant_id", Datatype.Int64, [2], new[] { 3L, 17L }), new("age", Datatype.Fp32, [1, 1], new[] { 30f })];

        var error = Assert.Throws<InferenceInputException>(() => OipEntityRows.ToInstances(inputs));

        Assert.Equal("input 'age' has 1 row(s) and 'applicant_id' 2: looking up entities needs one row per entity in every input.", error.Message);
    }

    [Fact]
    public void NeedsLookup_EveryInputGivenAndNothingElse_False_AKeyOrAMissingInput_True()
    {
        Tensor age = new("age", Datatype.Fp32, [1, 1], new[] { 30f });
        Tensor purpose = new("purpose", Datatype.Bytes, [1, 1], new[] { "car" });
        Tensor key = new("applicant_id", Datatype.Int64, [1], new[] { 3L });

        Assert.False(OipEntityRows.NeedsLookup([age, purpose], Signature));
        Assert.True(OipEntityRows.NeedsLookup([age, purpose, key], Signature));
        Assert.True(OipEntityRows.NeedsLookup([age], Signature));
    }
}

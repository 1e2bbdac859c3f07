using System.Text.Json;
using MlOps.Inference.Features;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Tests;

/// <summary>Filling entity-keyed instances from a feature service's lookup results (the results written here as the feature store answers).</summary>
public sealed class EntityKeyedInstancesTests
{
    private static readonly ModelSignature Signature = new()
    {
        Inputs = [new TensorSpec("age", Datatype.Fp32, [-1, 1]), new TensorSpec("purpose", Datatype.Bytes, [-1, 1])],
        Outputs = [new TensorSpec("probability", Datatype.Fp32, [-1, 1])],
    };

    [Fact]
    public void Split_OnlyModelInputs_NothingToLookUp()
    {
        using var body = JsonDocument.Parse("""{"instances": [{"age": 30, "purpose": "car"}]}""");

        Assert.Null(EntityKeyedInstances.Split(body.RootElement, Signature));
    }

    [Fact]
    public void Fill_EntityOnlyAndMixed_ServedValuesFillWhatIsLeftOutAndGivenValuesWin()
    {
        using var body = JsonDocument.Parse("""{"instances": [{"customer_id": 7}, {"age": 30, "purpose": "car"}, {"customer_id": 8, "age": 99}]}""");
        var lookup = EntityKeyedInstances.Split(body.RootElement, Signature)!;
        using var results = JsonDocument.Parse("""
            {"joinKeys": ["customer_id"], "results": [
             {"entity": {"customer_id": 7}, "status": "found", "values": {"people__age": 41, "loans__purpose": "medical"}},
             {"entity": {"customer_id": 8}, "status": "found", "values": {"people__age": 52, "loans__purpose": "education"}}]}
            """);

        using var filled = EntityKeyedInstances.Fill(body.RootElement, lookup, results.RootElement, Signature, "credit");

        Assert.Equal([0, 2], lookup.Indexes);
        // The whole instance goes: which of its keys are join keys only the feature store knows (the lookup reads those).
        Assert.Equal("""[{"customer_id":7},{"customer_id":8,"age":99}]""", lookup.Entities.ToJsonString());
        Assert.Equal("""{"instances":[{"age":41,"purpose":"medical"},{"age":30,"purpose":"car"},{"age":99,"purpose":"education"}]}""",
            filled.RootElement.GetRawText());
    }

    [Fact]
    public void Fill_JoinKeyIsAlsoAnInput_LookedUpByItAndKeptAsInput()
    {
        var signature = new ModelSignature
        {
            Inputs = [new TensorSpec("customer_id", Datatype.Int64, [-1, 1]), .. Signature.Inputs],
            Outputs = Signature.Outputs,
        };
        using var body = JsonDocument.Parse("""{"instances": [{"customer_id": 7}, {"customer_id": 8, "age": 30, "purpose": "car"}]}""");
        var lookup = EntityKeyedInstances.Split(body.RootElement, signature)!;
        using var results = JsonDocument.Parse("""
            {"joinKeys": ["customer_id"], "results": [{"entity": {"customer_id": 7}, "status": "found", "values": {"people__age": 41, "loans__purpose": "medical"}}]}
            """);

        using var filled = EntityKeyedInstances.Fill(body.RootElement, lookup, results.RootElement, signature, "credit");

        Assert.Equal([0], lookup.Indexes);
        Assert.Equal("""{"instances":[{"customer_id":7,"age":41,"purpose":"medical"},{"customer_id":8,"age":30,"purpose":"car"}]}""", filled.RootElement.GetRawText());
    }

    [Fact]
    public void Fill_EntityMissingInTheStore_NamesTheInstanceFeatureEntityAndStatus()
    {
        using var body = JsonDocument.Parse("""{"instances": [{"customer_id": 7}]}""");
        var lookup = EntityKeyedInstances.Split(body.RootElement, Signature)!;
        using var results = JsonDocument.Parse("""{"joinKeys": ["customer_id"], "results": [{"entity": {"customer_id": 7}, "status": "missing", "values": {"people__age": null, "loans__purpose": null}}]}""");

        var error = Assert.Throws<InferenceInputException>(() => EntityKeyedInstances.Fill(body.RootElement, lookup, results.RootElement, Signature, "credit"));

        Assert.Equal("""instance 0: feature 'age' is not given and feature service 'credit' has no value of it for entity {"customer_id": 7} (lookup status: missing).""",
            error.Message);
    }

    [Fact]
    public void Fill_KeyNeitherAnInputNorAJoinKey_RefusedNamingIt()
    {
        // "ag" for "age": the lookup would ignore it and the stored age would be used instead of the one meant.
        using var body = JsonDocument.Parse("""{"instances": [{"customer_id": 7, "ag": 30}]}""");
        var lookup = EntityKeyedInstances.Split(body.RootElement, Signature)!;
        using var results = JsonDocument.Parse("""{"joinKeys": ["customer_id"], "results": [{"entity": {"customer_id": 7, "ag": 30}, "status": "found", "values": {"people__age": 41, "loans__purpose": "car"}}]}""");

        var error = Assert.Throws<InferenceInputException>(() => EntityKeyedInstances.Fill(body.RootElement, lookup, results.RootElement, Signature, "credit"));

        Assert.Equal("instance 0: unexpected feature 'ag'; the model's features are age, purpose, and feature service 'credit' is keyed by customer_id.", error.Message);
    }

    [Fact]
    public void Fill_TwoViewsServeTheInputsName_RefusedAsAmbiguous()
    {
        using var body = JsonDocument.Parse("""{"instances": [{"customer_id": 7, "purpose": "car"}]}""");
        var lookup = EntityKeyedInstances.Split(body.RootElement, Signature)!;
        using var results = JsonDocument.Parse("""{"joinKeys": ["customer_id"], "results": [{"entity": {"customer_id": 7}, "status": "found", "values": {"people__age": 41, "risk__age": 40}}]}""");

        var error = Assert.Throws<InferenceInputException>(() => EntityKeyedInstances.Fill(body.RootElement, lookup, results.RootElement, Signature, "credit"));

        Assert.Equal("feature service 'credit' serves 'people__age' and 'risk__age': name the input 'age' after one of them.", error.Message);
    }
}

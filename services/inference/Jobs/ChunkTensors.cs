using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>Turns filled column arrays into input tensors of the rows actually read, shaped as the model wants one value per row.</summary>
public static class ChunkTensors
{
    public static Tensor[] Build(IReadOnlyList<TensorSpec> inputs, Array[] columns, int rows)
    {
        var tensors = new Tensor[inputs.Count];
        for (var i = 0; i < tensors.Length; i++)
        {
            var data = columns[i];
            if (data.Length != rows)
            {
                var trimmed = inputs[i].Datatype.Allocate(rows);
                Array.Copy(data, trimmed, rows);
                data = trimmed;
            }
            long[] shape = inputs[i].Shape.Length <= 1 ? [rows] : [rows, .. inputs[i].Shape.Skip(1)];
            tensors[i] = new Tensor(inputs[i].Name, inputs[i].Datatype, shape, data);
        }
        return tensors;
    }
}

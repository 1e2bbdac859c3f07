namespace MlOps.Inference.Serving;

/// <summary>Stacks several requests' tensors along the first dimension, and cuts a batch's outputs back into per-request rows.</summary>
public static class TensorBatches
{
    public static Tensor[] Stack(IReadOnlyList<Tensor[]> requests, int rows)
    {
        var stacked = new Tensor[requests[0].Length];
        for (var input = 0; input < stacked.Length; input++)
        {
            var first = requests[0][input];
            var data = first.Datatype.Allocate(rows * first.RowSize);
            var offset = 0;
            foreach (var request in requests)
            {
                var part = request[input].Data;
                Array.Copy(part, 0, data, offset, part.Length);
                offset += part.Length;
            }
            var shape = (long[])first.Shape.Clone();
            shape[0] = rows;
            stacked[input] = first with { Shape = shape, Data = data };
        }
        return stacked;
    }

    /// <summary>Rows [firstRow, firstRow + rows) of each tensor.</summary>
    public static Tensor[] Slice(Tensor[] tensors, int firstRow, int rows)
    {
        var sliced = new Tensor[tensors.Length];
        for (var i = 0; i < tensors.Length; i++)
        {
            var tensor = tensors[i];
            var rowSize = tensor.RowSize;
            var data = tensor.Datatype.Allocate(rows * rowSize);
            Array.Copy(tensor.Data, firstRow * rowSize, data, 0, data.Length);
            var shape = (long[])tensor.Shape.Clone();
            shape[0] = rows;
            sliced[i] = tensor with { Shape = shape, Data = data };
        }
        return sliced;
    }
}

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

    public static Tensor[] Slice(Tensor[] outputs, int firstRow, int rows, int totalRows)
    {
        var sliced = new Tensor[outputs.Length];
        for (var i = 0; i < outputs.Length; i++)
        {
            var output = outputs[i];
            var rowSize = output.Data.Length / totalRows;
            var data = output.Datatype.Allocate(rows * rowSize);
            Array.Copy(output.Data, firstRow * rowSize, data, 0, data.Length);
            var shape = (long[])output.Shape.Clone();
            shape[0] = rows;
            sliced[i] = output with { Shape = shape, Data = data };
        }
        return sliced;
    }
}

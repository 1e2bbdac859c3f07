using MlOps.Trainer.Model;

namespace MlOps.Trainer.Training;

/// <summary>Warehouse rows ready to train on, with the lineage that names them.</summary>
public sealed record TrainingSet(TrainingDataLineage Lineage, TabularData Data)
{
    /// <summary>The table's newest committed load: the data that arrived last, after any drift (the drifted window's load).</summary>
    public string? NewestLoad { get; init; }

    /// <summary>The newest load's rows when the run trains on an older pinned load (so none of them is trained on); else null.</summary>
    public TabularData? NewestLoadRows { get; init; }
}

using MlOps.Trainer.Model;

namespace MlOps.Trainer.Training;

/// <summary>Warehouse rows ready to train on, with the lineage that names them.</summary>
public sealed record TrainingSet(TrainingDataLineage Lineage, TabularData Data);

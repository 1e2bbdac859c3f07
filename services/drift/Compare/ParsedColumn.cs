using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Compare;

/// <summary>A column ready for evaluation, with how many non-finite (or null) values were dropped from each side.</summary>
public sealed record ParsedColumn(ColumnSample Sample, ColumnDriftOptions Options, int DroppedReference, int DroppedCurrent);

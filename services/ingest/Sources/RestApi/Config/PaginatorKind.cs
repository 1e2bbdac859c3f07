namespace MlOps.Ingest.Sources.RestApi;

/// <summary>dlt's paginator types (`paginator.type`); <see cref="Auto"/> detects one from the first answer.</summary>
public enum PaginatorKind
{
    Auto,
    SinglePage,
    JsonLink,
    HeaderLink,
    Offset,
    PageNumber,
    Cursor,
}

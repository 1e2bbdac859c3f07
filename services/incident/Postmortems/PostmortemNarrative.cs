namespace MlOps.Incident.Postmortems;

/// <summary>The sections a person (or the LLM) writes; the rest of the postmortem comes from the data.</summary>
public sealed record PostmortemNarrative(string Summary, string Impact, string RootCauses, string Lessons, string ActionItems)
{
    public const string ToBeWritten = "(to be written)";

    public static readonly PostmortemNarrative Placeholders = new(ToBeWritten, ToBeWritten, ToBeWritten, ToBeWritten, ToBeWritten);
}

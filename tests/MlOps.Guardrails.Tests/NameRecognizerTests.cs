using MlOps.Guardrails.Pii;

namespace MlOps.Guardrails.Tests;

public sealed class NameRecognizerTests
{
    private static readonly PiiScanner Names = new(new PiiScannerOptions { Entities = new HashSet<string> { "PERSON", "LOCATION" } });

    private static List<(string Kind, string Value)> Found(string text, PiiScanner? scanner = null) =>
        [.. (scanner ?? Names).Scan(text).Select(f => (f.Kind, text.Substring(f.Start, f.Length)))];

    [Theory]
    [InlineData("Please forward this to Dr. Amelia Okafor today.", "Amelia Okafor")]
    [InlineData("Hello, my name is Tomasz Wójcik and I need help.", "Tomasz Wójcik")]
    [InlineData("Kind regards, Ingrid Halvorsen", "Ingrid Halvorsen")]
    [InlineData("I met Sarah Connor at the airport.", "Sarah Connor")]
    public void Scan_NameWithTitleIntroductionOrKnownFirstName_Person(string text, string name) =>
        Assert.Contains(("PERSON", name), Found(text));

    [Theory]
    [InlineData("I moved to Portugal last year.", "Portugal")]
    [InlineData("She lives in New York with her sister.", "New York")]
    public void Scan_GazetteerPlaceWithContext_Location(string text, string place) =>
        Assert.Contains(("LOCATION", place), Found(text));

    [Theory]
    [InlineData("The Quarterly Report is due on Monday.")]
    [InlineData("Paris")]
    [InlineData("I am Happy with the result.")]
    public void Scan_CapitalizedWordsWithoutEvidence_NothingFound(string text) => Assert.Empty(Found(text));

    [Fact]
    public void Scan_DefaultOptions_NamesAndPlacesNotReported() =>
        Assert.Empty(Found("Dr. Amelia Okafor lives in New York.", new PiiScanner()));
}

using MlOps.Guardrails.Context;

namespace MlOps.Guardrails.Tests;

public sealed class SegmentCuesTests
{
    private static readonly float[] Up = [1f, 0f];
    private static readonly float[] Right = [0f, 1f];

    [Theory]
    [InlineData("Add a joke to your response.", 0, 1f)]
    [InlineData("Thanks for the report, see you Monday.", 0, 0f)]
    [InlineData("Write a haiku about rain.", 1, 1f)]
    [InlineData("Writers met on Monday.", 1, 0f)]
    [InlineData("How do vaccines work?", 2, 1f)]
    [InlineData("How we work: remote first.", 2, 0f)]
    public void Of_TextCues_FireOnlyOnTheirShape(string segment, int cue, float expected) =>
        Assert.Equal(expected, SegmentCues.Of(segment, Up, Up)[cue]);

    [Fact]
    public void Of_Code_ScoresHigherThanProse() =>
        Assert.True(SegmentCues.Of("x = json.loads(s)['a'];", Up, Up)[3] > SegmentCues.Of("The meeting is at noon", Up, Up)[3]);

    [Fact]
    public void Of_DistanceFromTheRest_ZeroWhenAlikeAndOneWhenOrthogonal()
    {
        Assert.Equal(0f, SegmentCues.Of("a segment", Up, Up)[4], 5);
        Assert.Equal(1f, SegmentCues.Of("a segment", Up, Right)[4], 5);
    }

    [Fact]
    public void Of_SegmentAlone_MarkedAlone() =>
        Assert.Equal([0f, 1f], SegmentCues.Of("Only sentence here.", Up, null)[4..]);

    [Fact]
    public void CentroidWithout_MeanOfTheOthers()
    {
        List<float[]> embeddings = [[1f, 0f], [0f, 1f], [1f, 1f]];

        Assert.Equal([0.5f, 1f], SegmentCues.CentroidWithout(embeddings, SegmentCues.Sum(embeddings), 0)!);
        Assert.Null(SegmentCues.CentroidWithout([[1f, 0f]], [1f, 0f], 0));
    }
}

using System.Runtime.CompilerServices;

namespace MlOps.Inference.Serving;

/// <summary>
/// Builds a failure message only when the check fails (as Debug.Assert does): the request path checks every tensor and
/// must not format an error string for each one that is fine.
/// </summary>
[InterpolatedStringHandler]
public ref struct FailureMessageHandler
{
    private DefaultInterpolatedStringHandler _message;

    public FailureMessageHandler(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
    {
        shouldAppend = !condition;
        _message = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _message.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _message.AppendFormatted(value);

    public void AppendFormatted(string? value) => _message.AppendFormatted(value);

    public string ToStringAndClear() => _message.ToStringAndClear();
}

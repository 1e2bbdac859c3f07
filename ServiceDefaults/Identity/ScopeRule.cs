namespace MlOps.ServiceDefaults.Identity;

/// <summary>One line of the scope table: a method and a service-relative path pattern (<c>*</c> one segment, <c>**</c> the rest).</summary>
public sealed record ScopeRule(string Method, string Pattern, string Scope)
{
    private readonly string[] _segments = Pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public bool Matches(string method, ReadOnlySpan<char> path)
    {
        if (Method != "*" && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var index = 0;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty)
            {
                continue;
            }
            if (index >= _segments.Length)
            {
                return false;
            }
            if (_segments[index] == "**")
            {
                return true;
            }
            if (_segments[index] != "*" && !segment.Equals(_segments[index], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            index++;
        }
        return index == _segments.Length || (index == _segments.Length - 1 && _segments[index] == "**");
    }
}

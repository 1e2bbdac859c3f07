using System.Diagnostics;

namespace MlOps.AppHost.Infrastructure;

/// <summary>The user and group ids this process runs as, from id(1): .NET has no API for them, and P/Invoke would need unsafe code.</summary>
internal static class UnixIds
{
    public static string User() => Id("-u");

    public static string Group() => Id("-g");

    private static string Id(string flag)
    {
        using var process = Process.Start(new ProcessStartInfo("id", flag) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run id(1) to learn the user the service containers should run as.");
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}

namespace MlOps.ServiceDefaults.Configuration;

/// <summary>The service was started without settings it cannot run without; the message names each one.</summary>
public sealed class MissingConfigurationException(string application, IReadOnlyList<RequiredSetting> missing)
    : Exception($"{application} cannot start: missing configuration (environment variables, appsettings.json or the AppHost):"
        + string.Concat(missing.Select(s => "\n  - " + s.Describe())))
{
    /// <summary>EX_CONFIG from sysexits.h: the exit code when a service refuses to start for missing configuration.</summary>
    public const int ExitCode = 78;

    public IReadOnlyList<RequiredSetting> Missing { get; } = missing;
}

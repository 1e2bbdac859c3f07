using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Configuration;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    private static int _exitOnMissingConfiguration;

    /// <summary>
    /// Declares a setting the service cannot start without (any one of <paramref name="keys"/>); a start without it stops
    /// before anything connects, naming every missing setting at once (<see cref="EnsureRequiredConfiguration"/>).
    /// </summary>
    public static TBuilder RequireConfiguration<TBuilder>(this TBuilder builder, string purpose, params string[] keys) where TBuilder : IHostApplicationBuilder
    {
        if (!builder.Properties.TryGetValue(typeof(RequiredConfiguration), out var existing))
        {
            existing = new RequiredConfiguration();
            builder.Properties[typeof(RequiredConfiguration)] = existing;
            builder.Services.AddSingleton((RequiredConfiguration)existing);
        }
        ((RequiredConfiguration)existing).Add(new RequiredSetting(purpose, keys));
        return builder;
    }

    /// <summary>Throws <see cref="MissingConfigurationException"/> naming every declared setting the configuration lacks.</summary>
    public static WebApplication EnsureRequiredConfiguration(this WebApplication app)
    {
        var missing = app.Services.GetService<RequiredConfiguration>()?.MissingFrom(app.Configuration) ?? [];
        if (missing.Count > 0)
        {
            throw new MissingConfigurationException(app.Environment.ApplicationName, missing);
        }
        return app;
    }

    // A process that refuses to start says why on stderr and exits with EX_CONFIG, not with an abort and a stack trace;
    // in-process hosts (tests) get the exception.
    private static void ExitOnMissingConfiguration()
    {
        if (Interlocked.Exchange(ref _exitOnMissingConfiguration, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is MissingConfigurationException missing)
            {
                Console.Error.WriteLine(missing.Message);
                Environment.Exit(MissingConfigurationException.ExitCode);
            }
        };
    }
}

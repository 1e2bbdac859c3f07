using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MlOps.Deploy.Tests;

/// <summary>
/// A service started as a deployment starts it: `dotnet &lt;Service&gt;.dll` from its build output, configured only by the
/// environment given here (nothing inherited that names the platform's settings), outside any AppHost.
/// </summary>
public sealed class StandaloneProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private StandaloneProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    public static StandaloneProcess Start(PlatformService service, IReadOnlyDictionary<string, string> environment)
    {
        var output = Path.Combine(service.SourceFolder, "bin", BuildConfiguration(), "net10.0");
        var assembly = Path.GetFileNameWithoutExtension(Directory.EnumerateFiles(service.SourceFolder, "*.csproj").Single());
        // A caller that must know the address before the start (a peer's settings name it) passes ASPNETCORE_URLS.
        var address = environment.TryGetValue("ASPNETCORE_URLS", out var urls) ? new Uri(urls) : new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(output, assembly + ".dll")])
        {
            WorkingDirectory = output,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test runner's own settings (the test servers' addresses, an environment name) must not leak in.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("MLOPS", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
            || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || k.StartsWith("services__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return new StandaloneProcess(Process.Start(start) ?? throw new InvalidOperationException($"{assembly} did not start."), address);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        // The asynchronous readers finish after the exit; this returns once both streams are drained.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Polls GET <paramref name="path"/> until it answers 200, failing early if the process exits.</summary>
    public async Task WaitForOkAsync(string path, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                return (await client.GetAsync(path)).StatusCode;
            }
            catch (HttpRequestException)
            {
                return (HttpStatusCode)0;
            }
            catch (TaskCanceledException)
            {
                return (HttpStatusCode)0;
            }
        }, status => status == HttpStatusCode.OK, $"{path} at {Address} to answer 200", timeout);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Stops the service as Kubernetes or systemd does: SIGTERM, then waits for it to finish what it was doing and exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Kills the service as a node failure or the OOM killer does (SIGKILL): nothing it holds is handed back.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        // The last lines: a crash's reason comes at the end, after whatever warnings the start wrote.
        _output.Enqueue(line);
        while (_output.Count > 2_000)
        {
            _output.TryDequeue(out _);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The test output sits in bin/<Configuration>/net10.0; the services were built with the same configuration.
    private static string BuildConfiguration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
}

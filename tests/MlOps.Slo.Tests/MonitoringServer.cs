using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MlOps.Slo.Tests;

/// <summary>
/// Debian's prometheus or prometheus-alertmanager as a child process on its own loopback port and data folder (both
/// installed by scripts/setup.sh), stopped and its folder removed on dispose.
/// </summary>
public sealed class MonitoringServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private MonitoringServer(Process process, Uri address, string folder)
    {
        _process = process;
        Address = address;
        Folder = folder;
    }

    public Uri Address { get; }

    /// <summary>The server's own folder: its configuration, data and (for Prometheus) the rules folder.</summary>
    public string Folder { get; }

    /// <summary>What the server wrote, for a failing test's message (the last 20,000 characters).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Prometheus reading <paramref name="config"/> (made from its folder), evaluating and reloading on request. Firing alerts
    /// are re-sent every second: after a reload Prometheus knows no Alertmanager until its discovery next syncs (up to 5 s), and
    /// an alert first sent in that gap would otherwise wait the default minute for its next send.
    /// </summary>
    public static Task<MonitoringServer> StartPrometheusAsync(Func<string, string> config, string folder, int port) =>
        StartAsync("/usr/bin/prometheus", "prometheus", config, folder, port, (folder, port) =>
        [
            $"--config.file={Path.Combine(folder, "config.yml")}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--web.enable-lifecycle", "--rules.alert.resend-delay=1s", "--log.level=info",
        ]);

    /// <summary>Alertmanager reading <paramref name="config"/>, without clustering.</summary>
    public static Task<MonitoringServer> StartAlertmanagerAsync(Func<string, string> config) =>
        StartAsync("/usr/bin/prometheus-alertmanager", "alertmanager", config, NewFolder("alertmanager"), FreePort(), (folder, port) =>
        [
            $"--config.file={Path.Combine(folder, "config.yml")}", $"--storage.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=debug",
        ]);

    /// <summary>A fresh folder for a server, made before it starts (when others must know it first).</summary>
    public static string NewFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mlops-slo-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task<MonitoringServer> StartAsync(string executable, string name, Func<string, string> config, string folder, int port,
        Func<string, int, string[]> arguments)
    {
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run scripts/setup.sh (apt-get install prometheus prometheus-alertmanager).");
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "config.yml"), config(folder));
        var start = new ProcessStartInfo(executable, arguments(folder, port))
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var server = new MonitoringServer(process, new Uri($"http://127.0.0.1:{port}/"), folder);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {server.Output}");
            }
            try
            {
                return (await http.GetAsync(new Uri(server.Address, "-/ready"))).StatusCode;
            }
            catch (HttpRequestException)
            {
                return HttpStatusCode.ServiceUnavailable;
            }
        }, status => status == HttpStatusCode.OK, $"{name} to be ready on port {port}");
        return server;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 20_000)
            {
                _output.Remove(0, _output.Length - 20_000);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

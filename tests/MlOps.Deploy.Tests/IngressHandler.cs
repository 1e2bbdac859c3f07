using System.Net;

namespace MlOps.Deploy.Tests;

/// <summary>
/// What an Ingress or a load balancer does in front of the gateway replicas: sends each request to the next replica whose
/// readiness probe (GET /health, every 250 ms) last answered 200, and stops sending to one that fails it.
/// </summary>
public sealed class IngressHandler : DelegatingHandler
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private readonly Uri[] _gateways;
    private readonly bool[] _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _probing;
    private int _next;

    public IngressHandler(IReadOnlyList<Uri> gateways) : base(new SocketsHttpHandler())
    {
        _gateways = [.. gateways];
        _ready = [.. gateways.Select(_ => true)];
        _probing = ProbeAsync(_stop.Token);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var ready = Enumerable.Range(0, _gateways.Length).Where(i => Volatile.Read(ref _ready[i])).ToList();
        var chosen = _gateways[ready.Count == 0 ? 0 : ready[(int)((uint)Interlocked.Increment(ref _next) % (uint)ready.Count)]];
        request.RequestUri = new Uri(chosen, request.RequestUri!.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        while (!cancellationToken.IsCancellationRequested)
        {
            for (var i = 0; i < _gateways.Length; i++)
            {
                bool ok;
                try
                {
                    ok = (await probe.GetAsync(new Uri(_gateways[i], "/health"), cancellationToken)).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    ok = false;
                }
                Volatile.Write(ref _ready[i], ok);
            }
            await Task.Delay(ProbeInterval, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _probing.Wait(TimeSpan.FromSeconds(5));
            _stop.Dispose();
        }
        base.Dispose(disposing);
    }
}

using System.Globalization;
using MlOps.Incident.Bench;

// Alert to incident at a fixed rate against two incident replicas (bench/incident-load.sh starts them):
// MlOps.Incident.Bench <replica A url> <replica B url> <token> <receiver port> <incident db> [seconds] [rate] [new key every]
var replicas = new[] { new Uri(args[0]), new Uri(args[1]) };
var token = args[2];
var receiverPort = int.Parse(args[3], CultureInfo.InvariantCulture);
var database = args[4];
var seconds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 20;
var rate = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 1000;
var newKeyEvery = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 100;

await using var receiver = await NotificationReceiver.StartAsync(receiverPort);
using var load = new OpenLoad(replicas, token);
await load.SetUpAsync(receiver.HookUrl);

// Baseline: the same schedule against the replicas' plain Kestrel /alive, in the same run.
var baseline = await load.RunAsync(seconds, rate, _ => null);
Report.Latencies("baseline (plain Kestrel /alive)", baseline.Select(r => r.Latency));

var sent = await load.RunAsync(seconds, rate, i => i % newKeyEvery == 0 ? $"new-{i}" : $"hot-{i % 3}");
Report.Latencies("alert stored (POST /v1/alerts answered)", sent.Select(r => r.Latency));
var opened = sent.Where(r => r.Result == "opened").ToList();
var notified = await receiver.WaitForAsync(opened.Select(o => o.IncidentId!.Value).ToHashSet(), TimeSpan.FromSeconds(60));
Report.Latencies("first notification received (webhook)", opened.Where(o => notified.ContainsKey(o.IncidentId!.Value))
    .Select(o => notified[o.IncidentId!.Value] - o.SentAt));
Console.WriteLine($"notifications: {notified.Count} of {opened.Count} opened incidents");
Report.Ratio("p99 alert stored / p99 baseline", sent.Select(r => r.Latency), baseline.Select(r => r.Latency));
await Report.DedupAsync(database, sent);

using System.Globalization;
using MlOps.Ingest.Bench;

// The ingest service's figures (docs/benchmarks.md, "Ingest"): each against a baseline measured in the same run.
// Usage: MlOps.Ingest.Bench <folder> csv [rows] [rounds] | csv-profile [rows] [rounds] | merge [base rows] [rounds] | replication [rows] [changed] [rounds] [delete-insert|upsert|append]
//        | rest [pages] [rounds] | generate <file> <rows> | memory <file>
var folder = args[0];
var figure = args[1];
long Arg(int i, long fallback) => args.Length > i ? long.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
Directory.CreateDirectory(folder);
switch (figure)
{
    case "csv":
        await CsvAppendBench.RunAsync(folder, Arg(2, 1_000_000), (int)Arg(3, 3), cancel.Token);
        break;
    case "csv-profile":
        await CsvProfile.RunAsync(folder, Arg(2, 1_000_000), (int)Arg(3, 2), cancel.Token);
        break;
    case "merge":
        await MergeBench.RunAsync(folder, Arg(2, 10_000_000), (int)Arg(3, 3), cancel.Token);
        break;
    case "replication":
        await ReplicationBench.RunAsync(folder, Arg(2, 1_000_000), Arg(3, 200_000), (int)Arg(4, 3), args.Length > 5 ? args[5] : "delete-insert", cancel.Token);
        break;
    case "rest":
        await RestApiBench.RunAsync(folder, (int)Arg(2, 1000), (int)Arg(3, 3), cancel.Token);
        break;
    case "generate":
        CsvData.Write(args[2], CsvData.Range(0, Arg(3, 1_000_000)));
        break;
    case "memory":
        await MemoryBench.RunAsync(folder, args[2], cancel.Token);
        break;
    default:
        Console.Error.WriteLine($"unknown figure {figure}");
        return 2;
}
return 0;

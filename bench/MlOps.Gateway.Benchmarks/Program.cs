using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MlOps.Gateway.Benchmarks -- --filter '*'
// Side by side with another checkout's gateway, in one run (its job is the baseline of the ratio column):
// MLOPS_BENCH_BEFORE=/tmp/prev dotnet run -c Release --project bench/MlOps.Gateway.Benchmarks -- --filter '*RequestStart*'
var before = Environment.GetEnvironmentVariable("MLOPS_BENCH_BEFORE");
var config = before is null ? null : ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.ShortRun.WithId("before").AsBaseline()
        .WithArguments([new MsBuildArgument($"/p:GatewayProject={Path.GetFullPath(Path.Combine(before, "gateway", "MlOps.Gateway.csproj"))}")]))
    .AddJob(Job.ShortRun.WithId("this"))
    // One build at a time: both builds share this project's obj folder.
    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableParallelBuild);
BenchmarkSwitcher.FromAssembly(typeof(MlOps.Gateway.Benchmarks.StreamFilterBenchmarks).Assembly).Run(args, config);

using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MlOps.Gateway.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(MlOps.Gateway.Benchmarks.StreamFilterBenchmarks).Assembly).Run(args);

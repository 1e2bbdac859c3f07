using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(MlOps.Inference.Benchmarks.ServerOverheadBenchmarks).Assembly).Run(args);

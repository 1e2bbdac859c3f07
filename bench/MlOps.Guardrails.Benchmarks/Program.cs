using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MlOps.Guardrails.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

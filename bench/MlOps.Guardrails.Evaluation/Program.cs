using MlOps.Guardrails.Evaluation;
using MlOps.Guardrails.Pii;
using MlOps.Guardrails.Secrets;

if (args.Contains("--profile"))
{
    Profile.Run();
    return;
}
if (args.Contains("--injection"))
{
    using var head = new MlOps.Guardrails.Injection.MiniLmInjectionHead();
    Console.Write(InjectionEvaluation.Run(args[0]));
    Console.WriteLine();
    var cascade = new MlOps.Guardrails.Injection.InjectionCascade(MlOps.Guardrails.Injection.LinearInjectionModel.Embedded, head);
    Console.Write(FalsePositiveEvaluation.Run(args[0], cascade));
    foreach (var flagged in FalsePositiveEvaluation.FlaggedOurs(cascade))
    {
        Console.Error.WriteLine($"FLAGGED (ours): {flagged}");
    }
    foreach (var missed in FalsePositiveEvaluation.MissedAttacks(args[0], cascade))
    {
        Console.Error.WriteLine($"MISSED {missed}");
    }
    return;
}
if (args.Contains("--latency"))
{
    using var latencyEncoder = new MlOps.Guardrails.Injection.MiniLmInjectionHead();
    Console.Write(Latency.Measure(args[0], latencyEncoder));
    return;
}
if (args.Contains("--context"))
{
    using var contextEncoder = new MlOps.Guardrails.Injection.MiniLmInjectionHead();
    Console.Write(ContextEvaluation.Run(args[0], contextEncoder));
    return;
}
// Usage: MlOps.Guardrails.Evaluation [shared-data-dir]   (default ../shared/data next to the repository); run in Release.
// --profile prints the time of each PII recognizer instead; --context runs only the BIPIA table; --injection only the injection tables;
// --latency only the latency table.
var data = args.Length > 0 ? args[0] : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/data"));
Console.WriteLine("## PII (Presidio synthetic set v2)");
Console.WriteLine();
Console.Write(PiiEvaluation.Run(Path.Combine(data, "pii-presidio-synth/synth_dataset_v2.json")));
Console.WriteLine();
Console.WriteLine("## Prompt injection (deepset test split)");
Console.WriteLine();
Console.Write(InjectionEvaluation.Run(data));
Console.WriteLine();
Console.WriteLine("## Prompt injection: false positives and recall per family (held-out parts)");
Console.WriteLine();
using (var head = new MlOps.Guardrails.Injection.MiniLmInjectionHead())
{
    Console.Write(FalsePositiveEvaluation.Run(data, new MlOps.Guardrails.Injection.InjectionCascade(MlOps.Guardrails.Injection.LinearInjectionModel.Embedded, head)));
}
Console.WriteLine();
Console.WriteLine("## Context injection (BIPIA test split)");
Console.WriteLine();
using (var encoder = new MlOps.Guardrails.Injection.MiniLmInjectionHead())
{
    Console.Write(ContextEvaluation.Run(data, encoder));
    Console.WriteLine();
    Console.WriteLine("## Latency of all input scanners (one thread)");
    Console.WriteLine();
    Console.Write(Latency.Measure(data, encoder));
}
Console.WriteLine();
Console.WriteLine("## Throughput (one core)");
Console.WriteLine();
Console.WriteLine("| scanner | text | time | throughput | findings |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var piiEvery in new[] { 2, 20 })
{
    Console.WriteLine(Throughput.Measure(new PiiScanner(), piiEvery));
    Console.WriteLine(Throughput.Measure(new SecretScanner(), piiEvery));
}

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>A body that does not decode as an OTLP export request (answered 400).</summary>
internal sealed class OtlpFormatException(string message) : Exception(message);

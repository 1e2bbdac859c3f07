namespace MlOps.AgentOpsTracer.Intake;

/// <summary>A body past the intake's limit, sent or after gzip (answered 413).</summary>
internal sealed class OtlpBodyTooLargeException(string message) : Exception(message);

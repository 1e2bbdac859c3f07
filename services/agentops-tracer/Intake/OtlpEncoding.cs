namespace MlOps.AgentOpsTracer.Intake;

/// <summary>OTLP/HTTP's two encodings; an answer uses the one the request came in.</summary>
internal enum OtlpEncoding
{
    Protobuf,
    Json,
}

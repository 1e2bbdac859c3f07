namespace MlOps.ServiceDefaults.Outbound;

/// <summary>Thrown by the connect callback when no address of the destination may be reached; the request fails with it inside.</summary>
public sealed class OutboundRefusedException(string host, int port, string reason)
    : Exception($"Outbound call to {host}:{port} refused: {reason}.")
{
    public string Host { get; } = host;
    public int Port { get; } = port;
    public string Reason { get; } = reason;
}

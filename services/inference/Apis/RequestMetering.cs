using System.Diagnostics;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Metrics;

namespace MlOps.Inference.Apis;

/// <summary>
/// Counts every prediction request with its outcome and latency, by tenant, model and the alias that answered, for the
/// availability and latency objectives. Only served models get their own series, so unknown names cannot add series.
/// </summary>
public static class RequestMetering
{
    private const string AliasItem = "mlops.inference.alias";

    /// <summary>Marks a prediction route as metered.</summary>
    public static RouteHandlerBuilder WithRequestMetrics(this RouteHandlerBuilder route) => route.WithMetadata(new Metered());

    /// <summary>Records which alias answered the request (champion or challenger).</summary>
    public static void Served(HttpContext context, string alias) => context.Items[AliasItem] = alias;

    public static WebApplication UseRequestMetering(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<Metered>() is null)
            {
                await next(context);
                return;
            }
            var started = Stopwatch.GetTimestamp();
            var status = StatusCodes.Status500InternalServerError;
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            finally
            {
                Record(context, status, Stopwatch.GetElapsedTime(started));
            }
        });
        return app;
    }

    private static void Record(HttpContext context, int status, TimeSpan elapsed)
    {
        if (CallerIdentity.Of(context) is not { } caller || context.Request.RouteValues["model"] is not string model)
        {
            return;
        }
        var served = context.RequestServices.GetRequiredService<ModelCatalog>().Find(new ModelKey(caller.Tenant, model)) is not null;
        var alias = context.Items[AliasItem] as string ?? "none";
        context.RequestServices.GetRequiredService<InferenceMetrics>()
            .Requested(caller.Tenant, served ? model : SloMetrics.UnservedModel, alias, status, elapsed);
    }

    private sealed class Metered;
}

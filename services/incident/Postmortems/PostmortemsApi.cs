using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Pages;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Incident.Postmortems;

public static class PostmortemsApi
{
    public static IEndpointRouteBuilder MapPostmortemsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/incidents").WithTags("Postmortems");
        api.MapGet("/{id:guid}/postmortem", GetPostmortem).WithName("GetPostmortem")
            .WithSummary("The resolved incident's postmortem as JSON with its Markdown, or as HTML with ?format=html or Accept: text/html.");
        api.MapPut("/{id:guid}/postmortem", EditPostmortem).WithName("EditPostmortem")
            .WithSummary("Replaces the postmortem's Markdown; the text it replaces is kept as a version.");
        api.MapGet("/{id:guid}/page", GetPage).WithName("GetIncidentPage").ExcludeFromDescription()
            .WithSummary("The incident as an HTML page: status, timeline, runbook runs and postmortem.");
        return app;
    }

    public static async Task<IResult> GetPostmortem(Guid id, string? format, HttpRequest request, TenantId tenant, NpgsqlDataSource db,
        PostmortemStore postmortems, CancellationToken cancellationToken)
    {
        if (await ResolvedOrProblemAsync(id, tenant, db, cancellationToken) is { } problem)
        {
            return problem;
        }
        if (await postmortems.GetAsync(tenant.Value, id, cancellationToken) is not { } postmortem)
        {
            return NoneYet(id);
        }
        var html = format == "html"
            || (format is null && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)));
        return html ? new HtmlDocument("Postmortem", $"<article>{MarkdownHtml.ToHtml(postmortem.Markdown)}</article>") : TypedResults.Ok(postmortem);
    }

    public static async Task<Results<Ok<PostmortemResponse>, ProblemHttpResult>> EditPostmortem(Guid id, EditPostmortemRequest request, TenantId tenant,
        HttpContext context, NpgsqlDataSource db, PostmortemStore postmortems, CancellationToken cancellationToken)
    {
        if (await ResolvedOrProblemAsync(id, tenant, db, cancellationToken) is { } problem)
        {
            return problem;
        }
        var editor = CallerIdentity.Of(context)!.Subject;
        return await postmortems.EditAsync(tenant.Value, id, request.Markdown, editor, cancellationToken) is { } edited
            ? TypedResults.Ok(edited)
            : NoneYet(id);
    }

    public static async Task<IResult> GetPage(Guid id, TenantId tenant, NpgsqlDataSource db, PostmortemStore postmortems, CancellationToken cancellationToken)
    {
        PostmortemFacts? facts;
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        {
            facts = await PostmortemFacts.LoadAsync(connection, tenant.Value, id, cancellationToken);
        }
        if (facts is null)
        {
            return TenantReadApi.NotFound("Incident", id);
        }
        return IncidentPage.Render(facts, await postmortems.GetAsync(tenant.Value, id, cancellationToken));
    }

    /// <summary>404 for another tenant's or no incident, 409 while it is not resolved, null when it is.</summary>
    private static async Task<ProblemHttpResult?> ResolvedOrProblemAsync(Guid id, TenantId tenant, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var status = await Dapper.SqlMapper.QuerySingleOrDefaultAsync<string?>(connection, new Dapper.CommandDefinition(
            "SELECT status FROM incidents WHERE id = @id AND tenant_id = @tenant", new { id, tenant = tenant.Value }, cancellationToken: cancellationToken));
        return status switch
        {
            null => TenantReadApi.NotFound("Incident", id),
            "resolved" => null,
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The incident is not resolved",
                detail: $"Incident {id} is {status}; its postmortem is written once it resolves."),
        };
    }

    private static ProblemHttpResult NoneYet(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No postmortem yet",
            detail: $"Incident {id} has no postmortem yet: it is drafted shortly after the incident resolves.");
}

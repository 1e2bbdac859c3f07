using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MlOps.Drift.Compare;

/// <summary>
/// The body of POST /v1/drift/compare, validated by AddValidation: <see cref="Validate"/> runs the comparison parser
/// (<see cref="CompareRequestParser"/>) once and reports its 400s under the body's field at fault; the handler takes the parsed
/// comparison, or the parser's 413 and 422, from the same run. Columns are named by the caller, so they stay in the messages, not the keys.
/// </summary>
public sealed class CompareBody : IValidatableObject
{
    private readonly JsonDocument _document;
    private CompareRequest? _parsed;
    private DriftInputException? _failure;

    private CompareBody(JsonDocument document) => _document = document;

    /// <summary>Reads the body as one JSON document; over MaxCompareBodyBytes is a 413, malformed JSON a 400 (both before validation).</summary>
    public static async ValueTask<CompareBody?> BindAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<DriftOptions>>().Value.MaxCompareBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException($"The body is {context.Request.ContentLength} bytes; inline comparisons take at most {limit} bytes. "
                + "Compare larger data through monitoring windows.", StatusCodes.Status413PayloadTooLarge);
        }
        try
        {
            // A chunked body past the limit is cut off by the server (413 through the shared handler).
            var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            context.Response.RegisterForDispose(document);
            return new CompareBody(document);
        }
        catch (JsonException error)
        {
            throw new BadHttpRequestException($"The body is not valid JSON: {error.Message}", StatusCodes.Status400BadRequest, error);
        }
    }

    /// <summary>The parsed comparison, or why it cannot be compared; parsed once however often it is asked.</summary>
    public (CompareRequest? Request, DriftInputException? Failure) Parse(EmbeddingLimits limits)
    {
        if (_parsed is null && _failure is null)
        {
            try
            {
                _parsed = CompareRequestParser.Parse(_document.RootElement, limits);
            }
            catch (DriftInputException error)
            {
                _failure = error;
            }
        }
        return (_parsed, _failure);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var options = (IOptions<DriftOptions>)validationContext.GetService(typeof(IOptions<DriftOptions>))!;
        // A 413 (embedding set too large) or 422 (nothing left to compare) is not a malformed body: the handler answers those.
        if (Parse(EmbeddingLimits.From(options.Value)).Failure is { Status: StatusCodes.Status400BadRequest } invalid)
        {
            yield return new(invalid.Message, [invalid.Field]);
        }
    }
}

using MatchApi.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Curation;

/// <summary>
/// Documents what a curator's write carries and may answer, from its <see cref="CurationWriteMetadata"/>: If-Match
/// (required where a revision is replaced), X-Change-Note (or the body's changeNote), the request body's media type and
/// schema, the strong ETag of the answer, and 503 while the database cannot take writes.
/// </summary>
internal static class CurationOpenApi
{
    public static IServiceCollection AddCurationOpenApi(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", options => { options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<CurationWriteMetadata>().LastOrDefault() is not { } write) return;
            operation.Parameters ??= [];
            if (write.RequiresIfMatch)
                operation.Parameters.Add(Header("If-Match", required: true,
                    "The scheme's current strong ETag (from GET /api/v1/schemes/{id} or its /record). Without it 428; not current, 412 naming the current revision."));
            operation.Parameters.Add(Header(CurationRequest.ChangeNoteHeader, required: write.BodyType is null,
                write.BodyType is null
                    ? "The change note, percent-encoded UTF-8 (encodeURIComponent), e.g. %E5%BB%83%E6%AD%A2 for 廃止. Required."
                    : "The change note, percent-encoded UTF-8 (encodeURIComponent). Required unless the body has a changeNote member (both: they must agree)."));

            if (write.BodyType is not null)
            {
                var schema = write.BodySchema is null
                    ? new OpenApiSchema { Type = JsonSchemaType.Object }
                    : await context.GetOrCreateSchemaAsync(write.BodySchema, null, cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = write.BodyType == CurationRequest.MergePatchType
                        ? "An RFC 7396 merge patch of the record (data/scheme.schema.json): members replace, null removes, arrays are replaced whole; optional changeNote."
                        : "A record in data/schemes' format (data/scheme.schema.json), optionally with a changeNote member.",
                    Content = new Dictionary<string, OpenApiMediaType> { [write.BodyType] = new() { Schema = schema } },
                };
            }

            operation.Responses ??= new OpenApiResponses();
            foreach (var success in operation.Responses.Where(r => r.Key is "200" or "201").Select(r => r.Value).OfType<OpenApiResponse>())
            {
                success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                success.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The strong ETag of the scheme's new revision: send it as If-Match on the next write.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
            operation.Responses["503"] = OpenApiSetup.Problem(
                "The catalog database cannot take writes now (missing or unreadable; see /health/ready), or the catalog is still loading. Nothing was saved; Retry-After says when to retry.");
        }); });

    private static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}

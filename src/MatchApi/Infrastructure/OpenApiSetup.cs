using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Infrastructure;

public static class OpenApiSetup
{
    /// <summary>Query parameters bound as text (so bad values get a precise 400) and their real types in the document.</summary>
    private static readonly Dictionary<string, Func<IOpenApiSchema>> TypedQueryParameters = new()
    {
        ["page"] = () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Default = 1 },
        ["pageSize"] = () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "100", Default = 20 },
        ["deviceSpecific"] = () => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        ["activeOn"] = () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
        ["sort"] = () => new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["relevance", "name", "budget", "newest"] },
    };

    public static IServiceCollection AddMatchApiOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MatchApi",
                    Version = "v1",
                    Description = "日本の医療機器開発支援策（補助金・委託費・融資・出資、相談窓口・伴走支援・セミナー・PMDA相談）のカタログとマッチング。" +
                                  " Catalog and matchmaking of Japan's support schemes for medical-device development. Errors are application/problem+json (RFC 9457).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                    if (parameter.In == ParameterLocation.Query && TypedQueryParameters.TryGetValue(parameter.Name ?? "", out var schema))
                        parameter.Schema = schema();

                if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
                {
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("503", Problem("The catalog is still loading (see /health/ready)."));
                    operation.Responses.TryAdd("500", Problem("Unexpected error (never expected for any input)."));
                }
                return Task.CompletedTask;
            });
        });

    internal static OpenApiResponse Problem(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails") },
        },
    };
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Infrastructure;

public static class OpenApiSetup
{
    /// <summary>Configuration key: whether /swagger serves Swagger UI (default true, in every environment).</summary>
    public const string SwaggerUiSetting = "OpenApi:SwaggerUi";

    /// <summary>Query parameters bound as text (so bad values get a precise 400) and their real types in the document.</summary>
    private static readonly Dictionary<string, Func<IOpenApiSchema>> TypedQueryParameters = new()
    {
        ["page"] = () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Default = 1 },
        ["pageSize"] = () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "100", Default = 20 },
        ["deviceSpecific"] = () => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        ["activeOn"] = () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
        ["acceptingOn"] = () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
        ["closesBefore"] = () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
        ["sort"] = () => new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["relevance", "name", "budget", "newest", "deadline"] },
    };

    /// <summary>
    /// Descriptions of query parameters bound through [AsParameters] records (the document generator cannot read
    /// attributes on record constructor parameters).
    /// </summary>
    private static readonly Dictionary<string, string> QueryParameterDescriptions = new()
    {
        ["q"] = "Free text in Japanese and/or Latin script: words (all must match), \"quoted phrases\", -excluded words. At most 1000 characters.",
        ["stage"] = "Development stage (repeatable, OR): basic_research 基礎研究, applied_research 応用研究, non_clinical 非臨床, clinical 臨床研究・治験, commercialization 実用化, business_expansion 事業展開. Codes, labels and short forms are accepted.",
        ["supportType"] = "Support type (repeatable, OR): funding 資金支援, soft ソフト支援.",
        ["ministry"] = "Ministry (repeatable, OR): mext 文部科学省, meti 経済産業省, mhlw 厚生労働省, cao 内閣府, cas 内閣官房, mic 総務省.",
        ["category"] = "Category of the 2023 overview (repeatable, OR): research_development, commercialization, startup, human_resources, international.",
        ["applicant"] = "Eligible applicant (repeatable, OR): academia, startup, sme, company, hospital, support_org, individual.",
        ["need"] = "Need the scheme addresses (repeatable, OR): funding 資金, regulatory 薬事・規制対応, international 海外展開, commercialization 事業化, partnering 連携・マッチング, human_resources 人材育成, mentoring 伴走支援.",
        ["deviceSpecific"] = "true: only device-specific schemes (● in the 2023 overview); false: only general ones (○).",
        ["activeOn"] = "YYYY-MM-DD: only schemes whose programme period (Japanese fiscal years, April–March) covers that day. Schemes whose period the sources do not give are kept.",
        ["acceptingOn"] = "YYYY-MM-DD: only schemes with a call for proposals (公募) accepting applications that day in Japan (opened and not yet closed, not cancelled).",
        ["closesBefore"] = "YYYY-MM-DD: only schemes with a call whose deadline lies ahead (from now, or from acceptingOn) and on or before the end of that day in Japan.",
        ["page"] = "1-based page number, default 1; a page past the last answers 200 with an empty items list and the total.",
        ["pageSize"] = "Items per page, 1–100, default 20.",
        ["sort"] = "relevance (default with q; without q it means name), name (default without q), budget (latest budget, largest first), newest (latest start year first), deadline (the call closing next first, from now or acceptingOn; schemes without a deadline ahead last).",
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
                                  " Catalog and matchmaking of Japan's support schemes for medical-device development. Errors are application/problem+json (RFC 9457)." +
                                  " Every GET under /api/v1 also answers HEAD (the same status and headers, no body).",
                };
                // HEAD mirrors GET (see the description); listing it would repeat every GET operation under the same operationId.
                foreach (var path in document.Paths.Values.OfType<OpenApiPathItem>())
                    path.Operations?.Remove(HttpMethod.Head);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.In != ParameterLocation.Query) continue;
                    if (TypedQueryParameters.TryGetValue(parameter.Name ?? "", out var schema)) parameter.Schema = schema();
                    if (parameter.Description is null && QueryParameterDescriptions.TryGetValue(parameter.Name ?? "", out var description))
                        parameter.Description = description;
                }

                if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
                {
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("503", Problem("The catalog is still loading (see /health/ready)."));
                    operation.Responses.TryAdd("500", Problem("Unexpected error (never expected for any input)."));
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// The OpenAPI document at /openapi/v1.json, always; Swagger UI at /swagger unless OpenApi:SwaggerUi is false,
    /// with its page headers (SecurityHeaders.SwaggerUiPolicy).
    /// </summary>
    public static WebApplication MapMatchApiOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        if (!app.Configuration.GetValue(SwaggerUiSetting, defaultValue: true)) return app;

        app.UsePageHeaders("/swagger", SecurityHeaders.SwaggerUiPolicy);
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "MatchApi v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "MatchApi v1";
        });
        return app;
    }

    internal static OpenApiResponse Problem(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails") },
        },
    };
}

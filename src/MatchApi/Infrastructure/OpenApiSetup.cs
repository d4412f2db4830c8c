using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace MatchApi.Infrastructure;

public static class OpenApiSetup
{
    /// <summary>Configuration key: whether /swagger serves Swagger UI (<see cref="ApiDocumentOptions.SwaggerUi"/>).</summary>
    public const string SwaggerUiSetting = ApiDocumentOptions.SectionName + ":" + nameof(ApiDocumentOptions.SwaggerUi);

    public const string DocumentName = "v1";

    public static IServiceCollection AddMatchApiOpenApi(this IServiceCollection services, IConfiguration configuration) =>
        services.AddOptions<ApiDocumentOptions>().Bind(configuration.GetSection(ApiDocumentOptions.SectionName)).Services.AddOpenApi(DocumentName, options =>
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
        if (!app.Services.GetRequiredService<IOptions<ApiDocumentOptions>>().Value.SwaggerUi) return app;

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

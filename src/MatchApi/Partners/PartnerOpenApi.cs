using MatchApi.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Partners;

/// <summary>
/// Documents partner access in the OpenAPI document: the X-Api-Key scheme, and 401, 429 (Retry-After) and 304 (ETag) on the partner
/// endpoints, 403 on those that need a role, 503 with Retry-After on the expensive ones.
/// </summary>
internal static class PartnerOpenApi
{
    public const string SchemeName = "ApiKey";

    public static IServiceCollection AddPartnerOpenApi(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = PartnerDirectory.HeaderName,
                    Description = "Partner API key (optional). Without it, calls are anonymous with a lower rate limit per client IP. " +
                                  "An unknown or revoked key is a 401. See docs/partners.md.",
                };
                return Task.CompletedTask;
            });

            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<PartnerAccessMetadata>().LastOrDefault() is not { } access) return Task.CompletedTask;
                var role = metadata.OfType<PartnerRoleMetadata>().LastOrDefault();

                // With the key, or (unless a role is needed) anonymous: the empty requirement.
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
                if (role is null) operation.Security.Add(new OpenApiSecurityRequirement());

                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", OpenApiSetup.Problem(role is null
                    ? "The X-Api-Key header carries an unknown or revoked key."
                    : "No X-Api-Key, or an unknown or revoked key."));
                if (role is not null)
                {
                    operation.Responses["403"] = OpenApiSetup.Problem($"The key's partner does not have the role {string.Join(" or ", role.Roles)} (Partners:Keys:{{id}}:Roles).");
                    operation.Responses.Remove("503"); // operator endpoints answer whether or not a catalog is loaded
                }
                operation.Responses.TryAdd("429", WithRetryAfter(OpenApiSetup.Problem(
                    "Rate limit reached for this key (or, anonymous, this client IP), or too many requests with an invalid key from this client IP; with Redis configured the count is shared by every instance. Retry after the Retry-After seconds.")));
                if (metadata.OfType<ExpensiveRequestMetadata>().Any())
                    operation.Responses["503"] = WithRetryAfter(OpenApiSetup.Problem(
                        "The catalog is still loading (see /health/ready), or too many recommendation, roadmap and text-search requests are running and waiting (Partners:ExpensiveRequests). Retry after the Retry-After seconds."));

                if (access.HttpCaching && string.Equals(context.Description.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase))
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = "If-None-Match",
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "An ETag from an earlier response; 304 when it still matches (the catalog has not changed).",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                    operation.Responses.TryAdd("304", new OpenApiResponse
                    {
                        Description = "Not modified: the If-None-Match ETag is current. No body.",
                        Headers = CachingHeaders(),
                    });
                    if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
                    {
                        okResponse.Headers ??= new Dictionary<string, IOpenApiHeader>();
                        foreach (var (name, header) in CachingHeaders()) okResponse.Headers.TryAdd(name, header);
                    }
                }
                return Task.CompletedTask;
            });
        });

    private static OpenApiResponse WithRetryAfter(OpenApiResponse response)
    {
        response.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before retrying.", Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
        };
        return response;
    }

    private static Dictionary<string, IOpenApiHeader> CachingHeaders() => new()
    {
        ["ETag"] = new OpenApiHeader { Description = "Weak validator; changes when the catalog changes.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
        ["Cache-Control"] = new OpenApiHeader { Description = "public, max-age=N (Partners:CacheMaxAgeSeconds).", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
    };
}

using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MatchApi.Catalog;
using MatchApi.Deployment;
using MatchApi.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MatchApi.Partners;

/// <summary>
/// Partner access: API keys (hashed), per-key and per-IP rate limits, CORS per key's origins, HTTP caching and compression;
/// limits and the output cache shared by all instances through Redis when Redis:Configuration is set.
/// <code>
/// builder.Services.AddPartnerAccess(builder.Configuration);
/// app.UsePartnerAccess();
/// app.MapGroup("/api/v1").RequirePartnerAccess();
/// app.MapGroup("/api/v1/operator").RequirePartnerRole(PartnerRoles.Operator, PartnerRoles.Curator);
/// </code>
/// </summary>
public static class PartnerAccess
{
    /// <summary>The CORS and rate-limiting policy name carried by the partner route group.</summary>
    public const string PolicyName = "partners";

    public static IServiceCollection AddPartnerAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PartnerOptions>().Bind(configuration.GetSection(PartnerOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PartnerOptions>, PartnerOptionsValidator>());
        services.AddRedisConnection(configuration);
        services.TryAddSingleton<PartnerDirectory>();
        services.TryAddSingleton<SharedLimits>();
        services.TryAddSingleton<InvalidKeyLimiter>();
        services.TryAddSingleton<ExpensiveRequestLimiter>();
        services.TryAddSingleton<RefusalLog>();
        services.AddHostedService(sp => sp.GetRequiredService<RefusalLog>());

        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, PartnerCorsPolicyProvider>());

        services.AddPartnerRateLimiting();

        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true; // the responses carry public catalog data only, never secrets
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json", "text/javascript", "image/svg+xml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);

        services.AddOutputCache(options => options.AddPolicy(PolicyName, policy => policy
            .Expire(TimeSpan.FromMinutes(10))
            // No request coalescing: with locking, requests for a URL being computed wait for that one request and take
            // its outcome, and when its client goes away (a visitor types on, a tab closes) they got its failure as a
            // 500 (dotnet/aspnetcore#52310, #56427). Each computes its own answer; the concurrency limit bounds the work.
            .SetLocking(false)
            // What a response depends on besides the URL: the catalog it answers from, the service build (instances of two
            // builds may share the cache in Redis), the day in Japan (default activeOn, the ETag), and the caller's origin and
            // partner (the CORS headers stored with the response). The partner id, not the X-Api-Key header: a key must not
            // become part of a cache key in Redis. Unknown and revoked keys never get here (401 first).
            .VaryByValue(http => new("catalog", http.RequestServices.GetRequiredService<CatalogStore>().Current?.Version ?? ""))
            .VaryByValue(_ => new("build", HttpCaching.BuildId))
            .VaryByValue(http => new("day", JapanCalendar.Today(http).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .VaryByValue(http => new("partner", http.RequestServices.GetRequiredService<PartnerDirectory>().Resolve(http).PartnerId ?? ""))
            .SetVaryByHeader(HeaderNames.Origin)));
        SharedOutputCacheStore.Register(services);

        services.AddPartnerOpenApi();
        return services;
    }

    /// <summary>
    /// Compression, CORS, API-key check, rate limiting and the output cache, in that order: a 401 or 429 is still
    /// compressed and CORS-readable, and a response served from the cache has still been authorised and counted.
    /// </summary>
    public static IApplicationBuilder UsePartnerAccess(this IApplicationBuilder app)
    {
        app.UseResponseCompression();
        app.UseCors();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        app.UseOutputCache();
        return app;
    }

    /// <summary>
    /// Puts the partner policies on a route group once: key check, CORS, rate limit, ETag/304, server-side cache of GETs,
    /// and HEAD wherever GET is answered (the same status and headers, no body).
    /// </summary>
    public static RouteGroupBuilder RequirePartnerAccess(this RouteGroupBuilder group)
    {
        group.WithMetadata(PartnerAccessMetadata.Public)
            .RequireCors(PolicyName)
            .RequireRateLimiting(PolicyName)
            .CacheOutput(PolicyName)
            .AddEndpointFilter<HttpCachingFilter>();
        ((IEndpointConventionBuilder)group).Finally(AnswerHeadLikeGet);
        return group;
    }

    /// <summary>
    /// Operator endpoints: a partner key with one of <paramref name="roles"/> (401 without a key, 403 for a key without the role),
    /// the caller's rate limit, HEAD like GET, and never cached. Same-origin pages may call them; no CORS for other origins.
    /// </summary>
    public static RouteGroupBuilder RequirePartnerRole(this RouteGroupBuilder group, params string[] roles)
    {
        var needed = string.Join(" or ", roles.Select(r => $"'{r}'"));
        group.WithMetadata(PartnerAccessMetadata.Operator, new PartnerRoleMetadata(roles))
            .RequireRateLimiting(PolicyName)
            .AddEndpointFilter(async (invocation, next) =>
            {
                var http = invocation.HttpContext;
                http.Response.Headers.CacheControl = "no-store";
                var identity = http.RequestServices.GetRequiredService<PartnerDirectory>().Resolve(http);
                if (identity.Kind == PartnerIdentityKind.Anonymous)
                {
                    http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{PartnerDirectory.HeaderName}\"";
                    return Problems.RoleRequired(StatusCodes.Status401Unauthorized,
                        $"This endpoint needs the {PartnerDirectory.HeaderName} of a partner with the role {needed}.");
                }
                if (identity.Key?.HasAnyRole(roles) != true)
                    return Problems.RoleRequired(StatusCodes.Status403Forbidden,
                        $"Partner '{identity.PartnerId}' does not have the role {needed}; operators grant it in Partners:Keys:{identity.PartnerId}:Roles.");
                return await next(invocation);
            });
        ((IEndpointConventionBuilder)group).Finally(AnswerHeadLikeGet);
        return group;
    }

    /// <summary>Routing answers 405 to HEAD on a GET-only endpoint; Kestrel sends no body for HEAD, so the GET handler answers it.</summary>
    private static void AnswerHeadLikeGet(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault() is { } methods &&
            methods.HttpMethods.Contains(HttpMethods.Get) && !methods.HttpMethods.Contains(HttpMethods.Head))
            endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
    }
}

/// <summary>The roles of which an operator endpoint needs one (documented as its 403 in OpenAPI).</summary>
public sealed record PartnerRoleMetadata(IReadOnlyList<string> Roles);

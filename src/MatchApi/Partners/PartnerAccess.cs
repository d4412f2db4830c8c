using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MatchApi.Catalog;
using MatchApi.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MatchApi.Partners;

/// <summary>
/// Partner access: API keys (hashed), per-key and per-IP rate limits, CORS per key's origins, HTTP caching and compression.
/// <code>
/// builder.Services.AddPartnerAccess(builder.Configuration);
/// app.UsePartnerAccess();
/// app.MapGroup("/api/v1").RequirePartnerAccess();
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
        services.TryAddSingleton<PartnerDirectory>();

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
            // What a response depends on besides the URL: the catalog it answers from, the day in Japan (default
            // activeOn, the ETag), and the caller's origin and key (the CORS headers stored with the response).
            .VaryByValue(http => new("catalog", http.RequestServices.GetRequiredService<CatalogStore>().Current?.Version ?? ""))
            .VaryByValue(http => new("day", JapanCalendar.Today(http).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .SetVaryByHeader(HeaderNames.Origin, PartnerDirectory.HeaderName)));

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

    /// <summary>Puts the partner policies on a route group once: key check, CORS, rate limit, ETag/304, server-side cache of GETs.</summary>
    public static RouteGroupBuilder RequirePartnerAccess(this RouteGroupBuilder group)
    {
        group.WithMetadata(PartnerAccessMetadata.Instance)
            .RequireCors(PolicyName)
            .RequireRateLimiting(PolicyName)
            .CacheOutput(PolicyName)
            .AddEndpointFilter<HttpCachingFilter>();
        return group;
    }
}

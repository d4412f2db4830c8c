using System.IO.Compression;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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

        services.AddPartnerOpenApi();
        return services;
    }

    /// <summary>Compression, CORS, API-key check and rate limiting, in that order (so a 401 or 429 is still compressed and CORS-readable).</summary>
    public static IApplicationBuilder UsePartnerAccess(this IApplicationBuilder app)
    {
        app.UseResponseCompression();
        app.UseCors();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Puts the partner policies on a route group once: key check, CORS, rate limit, ETag/304.</summary>
    public static RouteGroupBuilder RequirePartnerAccess(this RouteGroupBuilder group)
    {
        group.WithMetadata(PartnerAccessMetadata.Instance)
            .RequireCors(PolicyName)
            .RequireRateLimiting(PolicyName)
            .AddEndpointFilter<HttpCachingFilter>();
        return group;
    }
}

using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace MatchApi.Partners;

/// <summary>
/// One fixed-window limiter per partner key, and one per client IP for anonymous callers, with each partition's own limit.
/// Over the limit: 429 problem+json with Retry-After (seconds).
/// </summary>
internal static class PartnerRateLimiting
{
    public static IServiceCollection AddPartnerRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PartnerAccess.PolicyName, Partition);
            options.OnRejected = OnRejectedAsync;
        });

    /// <summary>The partition a request counts against: "partner:{id}" or "anonymous:{client IP}".</summary>
    internal static string PartitionKey(PartnerIdentity identity, HttpContext context) =>
        identity.Kind == PartnerIdentityKind.Partner
            ? "partner:" + identity.PartnerId
            : "anonymous:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var directory = context.RequestServices.GetRequiredService<PartnerDirectory>();
        var identity = directory.Resolve(context);
        var (limit, window) = Limits(identity, directory.Options);
        return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(identity, context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromSeconds(window),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static (int Limit, int WindowSeconds) Limits(PartnerIdentity identity, PartnerOptions options) =>
        identity is { Kind: PartnerIdentityKind.Partner, Key: { } key }
            ? (key.PermitLimit, key.WindowSeconds)
            : (options.Anonymous.PermitLimit, options.Anonymous.WindowSeconds);

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var directory = context.RequestServices.GetRequiredService<PartnerDirectory>();
        var identity = directory.Resolve(context);
        var (limit, window) = Limits(identity, directory.Options);
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(window);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

        var who = identity.Kind == PartnerIdentityKind.Partner ? $"partner '{identity.PartnerId}'" : "anonymous callers (per client IP)";
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PartnerRateLimiting).FullName!)
            .LogInformation("Rate limit reached for {Partition}", identity.Kind == PartnerIdentityKind.Partner ? "partner:" + identity.PartnerId : "anonymous");

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        var detail = $"The limit for {who} is {limit} requests per {window} s. Retry after {seconds} s." +
                     (identity.Kind == PartnerIdentityKind.Partner ? "" : $" Partners get a higher limit with an {PartnerDirectory.HeaderName} header.");
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }
}

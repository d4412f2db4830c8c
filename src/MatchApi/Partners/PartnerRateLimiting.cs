using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MatchApi.Partners;

/// <summary>
/// One fixed-window limiter per partner key, and per client IP one for MatchApi's own pages and one for other anonymous callers,
/// with each partition's own limit, counted in Redis when it is configured (shared by all instances; see <see cref="SharedLimits"/>).
/// Over the limit: 429 problem+json with Retry-After (seconds). The 429s are logged through <see cref="RefusalLog"/>.
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

    /// <summary>
    /// Set by browsers (on HTTPS and localhost), never by page scripts: "same-origin" on the requests of MatchApi's own pages.
    /// </summary>
    private const string FetchSiteHeader = "Sec-Fetch-Site";

    /// <summary>The partition a request counts against ("{kind}:{partner id or client IP}"), its limit, and how a 429 names the caller.</summary>
    internal sealed record Allowance(string Kind, string Subject, int PermitLimit, int WindowSeconds, string Who)
    {
        public string Partition => Kind + ":" + Subject;
        public bool IsPartner => Kind == "partner";

        /// <summary>What a log line may name: the partner id, never a client IP.</summary>
        public string LogName => IsPartner ? Partition : Kind;
    }

    /// <summary>
    /// "partner:{id}" for a key; without one, "same-origin:{client IP}" for requests from MatchApi's own pages, whose users
    /// click through many searches a minute, and "anonymous:{client IP}" for everything else. The header is not a credential
    /// (any script outside a browser can send it): it only chooses which per-IP limit applies, and that limit is still finite.
    /// </summary>
    internal static Allowance AllowanceFor(HttpContext context)
    {
        var directory = context.RequestServices.GetRequiredService<PartnerDirectory>();
        var identity = directory.Resolve(context);
        if (identity is { Kind: PartnerIdentityKind.Partner, Key: { } key })
            return new("partner", identity.PartnerId!, key.PermitLimit, key.WindowSeconds, $"partner '{identity.PartnerId}'");

        var clientIp = ClientIp(context);
        if (string.Equals(context.Request.Headers[FetchSiteHeader], "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            var pages = directory.Options.SameOrigin;
            return new("same-origin", clientIp, pages.PermitLimit, pages.WindowSeconds, "MatchApi's own pages (per client IP)");
        }
        var anonymous = directory.Options.Anonymous;
        return new("anonymous", clientIp, anonymous.PermitLimit, anonymous.WindowSeconds, "anonymous callers (per client IP)");
    }

    /// <summary>
    /// The caller's IP: the connection's, or behind a trusted reverse proxy the one it forwarded (ForwardedHeaders settings,
    /// <see cref="Deployment.ForwardedHeadersSetup"/>).
    /// </summary>
    internal static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var allowance = AllowanceFor(context);
        return context.RequestServices.GetRequiredService<SharedLimits>().FixedWindow(allowance.Partition, allowance.PermitLimit, allowance.WindowSeconds);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var allowance = AllowanceFor(context);
        context.RequestServices.GetRequiredService<RefusalLog>().Record($"Rate limit reached for {allowance.LogName}", context);
        await WriteTooManyRequestsAsync(context, rejected.Lease, allowance.WindowSeconds, seconds =>
            $"The limit for {allowance.Who} is {allowance.PermitLimit} requests per {allowance.WindowSeconds} s. Retry after {seconds} s." +
            (allowance.IsPartner ? "" : $" Partners get a higher limit with an {PartnerDirectory.HeaderName} header."));
    }

    /// <summary>429 problem+json with Retry-After: the seconds until the lease's window resets (else the whole window).</summary>
    internal static Task WriteTooManyRequestsAsync(HttpContext context, RateLimitLease lease, int windowSeconds, Func<int, string> detail)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(windowSeconds);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail(seconds) },
        }).AsTask();
    }
}

/// <summary>
/// Per client IP, how many requests with an unknown or revoked X-Api-Key are answered 401 before they get 429
/// (Partners:InvalidKeys): guessing keys, or a misconfigured client hammering with an old one, is bounded like any other caller,
/// across all instances when Redis is configured.
/// </summary>
internal sealed class InvalidKeyLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public InvalidKeyLimiter(IOptions<PartnerOptions> options, SharedLimits limits)
    {
        Access = options.Value.InvalidKeys;
        _limiter = PartitionedRateLimiter.Create<string, string>(clientIp =>
            limits.FixedWindow("invalid-key:" + clientIp, Access.PermitLimit, Access.WindowSeconds));
    }

    public InvalidKeyAccess Access { get; }

    public ValueTask<RateLimitLease> AcquireAsync(HttpContext context) =>
        _limiter.AcquireAsync(PartnerRateLimiting.ClientIp(context), cancellationToken: context.RequestAborted);

    public void Dispose() => _limiter.Dispose();
}

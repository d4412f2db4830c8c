using System.Globalization;
using System.Threading.RateLimiting;
using MatchApi.Infrastructure;
using Microsoft.Extensions.Options;

namespace MatchApi.Partners;

/// <summary>
/// Requests whose work grows with the input (recommendations, the roadmap, text search) share a few slots
/// (Partners:ExpensiveRequests:ConcurrencyLimit, one per core by default) and wait, oldest first, in a bounded queue; a request
/// finding the queue full is answered 503 problem+json with Retry-After. Everything else (health, lists without q, details,
/// vocabularies) never waits here, so it stays responsive while heavy requests queue.
/// The slot is taken after the key check, the rate limit and the caches: a refused or cached request never holds one.
/// <code>
/// group.MapPost("/recommendations", Recommend).LimitConcurrency();
/// group.MapGet("/", List).LimitConcurrency(when: http => http.Request.Query.ContainsKey("q"));
/// </code>
/// </summary>
public static class ExpensiveRequests
{
    public const int RetryAfterSeconds = 2;

    public static TBuilder LimitConcurrency<TBuilder>(this TBuilder builder, Func<HttpContext, bool>? when = null)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(ExpensiveRequestMetadata.Instance);
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            if (when is not null && !when(http)) return await next(invocation);

            using var lease = await http.RequestServices.GetRequiredService<ExpensiveRequestLimiter>().AcquireAsync(http.RequestAborted);
            if (lease.IsAcquired) return await next(invocation);

            http.RequestServices.GetRequiredService<RefusalLog>().Record("Too many expensive requests waiting", http);
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.CacheControl = "no-store";
            return Problems.Busy(RetryAfterSeconds);
        });
        return builder;
    }
}

/// <summary>Marks an endpoint limited by <see cref="ExpensiveRequests.LimitConcurrency{TBuilder}"/> (its 503 is documented in OpenAPI).</summary>
public sealed class ExpensiveRequestMetadata
{
    public static readonly ExpensiveRequestMetadata Instance = new();
}

/// <summary>The slots and queue shared by every expensive request of the process.</summary>
internal sealed class ExpensiveRequestLimiter(IOptions<PartnerOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.ExpensiveRequests.ConcurrencyLimit,
        QueueLimit = options.Value.ExpensiveRequests.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => _limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}

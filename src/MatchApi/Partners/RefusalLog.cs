using Microsoft.Extensions.Options;

namespace MatchApi.Partners;

/// <summary>
/// Logs refused requests (unknown or revoked keys, rate limits, a full queue) without letting refused traffic fill the disk:
/// the first refusal of each reason in an interval is logged at once, the rest are counted and reported in one summary
/// line at the end of the interval (Partners:RefusalLogSeconds). A line names the reason (the partner id, never a key,
/// a hash or a client IP) and the route pattern, never the request's own path, which a caller can make 7,000 characters long.
/// </summary>
internal sealed class RefusalLog(ILogger<RefusalLog> logger, IOptions<PartnerOptions> options) : BackgroundService
{
    private readonly Lock _lock = new();
    private Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(options.Value.RefusalLogSeconds);

    /// <param name="reason">A sentence from a small fixed set (partner ids come from configuration), e.g. "Rejected an unknown API key".</param>
    public void Record(string reason, HttpContext context)
    {
        int count;
        lock (_lock) count = _counts[reason] = _counts.GetValueOrDefault(reason) + 1;
        if (count == 1)
            logger.LogWarning("{Reason} on {Route}; more of the same within {Seconds} s are counted in one summary line",
                reason, RouteOf(context), (int)_interval.TotalSeconds);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Flush();
        }
        catch (OperationCanceledException)
        {
        }
        Flush();
    }

    private void Flush()
    {
        Dictionary<string, int> counts;
        lock (_lock) (counts, _counts) = (_counts, new Dictionary<string, int>(StringComparer.Ordinal));
        if (counts.Values.All(c => c <= 1)) return; // each one already has its own line
        logger.LogWarning("Refused since the last summary (one every {Seconds} s at most): {Refusals}", (int)_interval.TotalSeconds,
            string.Join("; ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}")));
    }

    /// <summary>The matched route's pattern (bounded by the route table), not the raw path.</summary>
    private static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
}

using System.Diagnostics;
using System.Net;

/// <summary>
/// Latency of each golden query over HTTP at one connection, one request at a time (so the client is idle while the
/// server works and steals no CPU from it). Every URL is new (a counter parameter the API ignores), so the output cache
/// never answers; a response from the cache (it carries Age) is counted and reported.
/// </summary>
static class HttpLatency
{
    public sealed record Result(IReadOnlyDictionary<GoldenQuery, List<double>> Samples, int Rounds, int CacheHits, TimeSpan Elapsed);

    /// <summary>
    /// One unmeasured round to warm up (cut short when it alone uses up the time budget), then rounds until
    /// <paramref name="rounds"/> or the budget (checked between rounds; at least one measured round).
    /// </summary>
    public static async Task<Result> MeasureAsync(Uri server, IReadOnlyList<GoldenQuery> queries, int rounds, TimeSpan budget, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(120) };
        var samples = queries.ToDictionary(q => q, _ => new List<double>());
        var cacheHits = 0;
        var clock = Stopwatch.StartNew();
        var measured = 0;
        for (var round = 0; round <= rounds && (round <= 1 || clock.Elapsed < budget); round++)
        {
            for (var i = 0; i < queries.Count && (round > 0 || clock.Elapsed < budget); i++)
            {
                var url = $"{SearchPath(queries[i])}&bench=latency-{round}-{i}";
                var request = Stopwatch.StartNew();
                using var response = await http.GetAsync(url, cancellationToken); // reads the whole body
                var elapsed = request.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                if (response.Headers.Age is not null) cacheHits++;
                if (round > 0) samples[queries[i]].Add(elapsed);
            }
            if (round > 0) measured = round;
        }
        return new Result(samples, measured, cacheHits, clock.Elapsed);
    }

    public static string SearchPath(GoldenQuery query) => "/api/v1/schemes?q=" + Uri.EscapeDataString(query.Q);

    /// <summary>
    /// Shows that a repeated URL is answered from the output cache (with Age) and the same URL with another counter is
    /// not, so a throughput phase without Age headers really ran the engine for every request.
    /// </summary>
    public static async Task<string?> CheckCacheDetectionAsync(Uri server, GoldenQuery query, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(120) };
        async Task<bool> FromCache(string url)
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: the API must accept the counter parameter.");
            return response.Headers.Age is not null;
        }
        var path = SearchPath(query);
        var first = await FromCache($"{path}&bench=cache-check-1");
        var repeated = await FromCache($"{path}&bench=cache-check-1");
        var other = await FromCache($"{path}&bench=cache-check-2");
        return (first, repeated, other) switch
        {
            (false, true, false) => null,
            (_, false, _) => "a repeated URL was not answered from the output cache (no Age header): cache misses cannot be told from hits",
            _ => "a new counter value was answered from the output cache: the cache does not vary by this parameter, so the URLs are not distinct to it",
        };
    }
}

using MatchApi.Testing;
using System.Diagnostics;
using MatchApi.Catalog;
using MatchApi.Catalog.Querying;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The engine alone, without HTTP: each golden query through the host's own <see cref="SchemeSearch"/> (analysis,
/// engine, filters, facets, highlights), as bench/SearchBench does. This is the only file that knows the search API;
/// a new engine adapts <see cref="MeasureAsync"/> and nothing else.
/// </summary>
static class InProcessSearch
{
    /// <summary>As <see cref="HttpLatency.MeasureAsync"/>: a warm-up round, then rounds until <paramref name="rounds"/> or the time budget.</summary>
    public static async Task<(IReadOnlyDictionary<GoldenQuery, List<double>> Samples, int Rounds)> MeasureAsync(
        IReadOnlyDictionary<string, string?> settings, IReadOnlyList<GoldenQuery> queries, int rounds, TimeSpan budget, int readyTimeoutSeconds)
    {
        using var service = BenchService.Start("scalebench", settings);
        using var http = service.CreateHttpClient();
        await ServiceReadiness.WaitUntilReadyAsync(http, readyTimeoutSeconds);

        var search = service.Services.GetRequiredService<SchemeSearch>();
        var catalog = service.Services.GetRequiredService<CatalogStore>().Current!;
        var noFilter = new SchemeFilter();
        var samples = queries.ToDictionary(q => q, _ => new List<double>());
        var clock = Stopwatch.StartNew();
        var measured = 0;
        for (var round = 0; round <= rounds && (round <= 1 || clock.Elapsed < budget); round++)
        {
            foreach (var query in queries)
            {
                if (round == 0 && clock.Elapsed > budget) break;
                var call = Stopwatch.StartNew();
                search.Search(catalog, new SchemeQuery(query.Q, noFilter), DateTimeOffset.UtcNow);
                if (round > 0) samples[query].Add(call.Elapsed.TotalMilliseconds);
            }
            measured = round;
        }
        return (samples, measured);
    }
}

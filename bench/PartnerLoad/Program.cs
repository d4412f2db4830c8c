using MatchApi.Testing;
// Partner load check: two partner keys and anonymous callers hammer the API at once, over real TCP.
// Each partition must accept exactly its own limit and answer 429 (with Retry-After) beyond it; nothing else may fail,
// and /health/live (not rate limited) keeps answering 200 throughout.
//
//   dotnet run -c Release --project bench/PartnerLoad [-- --seconds 5 --concurrency 4]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MatchApi.Partners;

/// <summary>Not top-level statements: "Program" must stay the service's entry point for WebApplicationFactory.</summary>
internal static class PartnerLoadBench
{
    public static async Task<int> Main(string[] args)
    {
        var seconds = BenchService.Argument(args, "--seconds", 5);
        var concurrency = BenchService.Argument(args, "--concurrency", 4);

        Caller[] callers =
        [
            new("partner alpha", Key: "bench-alpha-key-5f1c", Limit: 400, Url: "/api/v1/schemes?q=海外展開&stage=non_clinical"),
            new("partner beta", Key: "bench-beta-key-93ad", Limit: 150, Url: "/api/v1/schemes?q=ＡＭＥＤ 補助金"),
            new("anonymous", Key: null, Limit: 40, Url: "/api/v1/schemes?q=治験"),
            new("health (no limit)", Key: null, Limit: null, Url: "/health/live"),
        ];

        using var service = BenchService.Start("partnerload", new Dictionary<string, string?>
        {
            ["Partners:Anonymous:PermitLimit"] = callers[2].Limit.ToString(),
            ["Partners:Anonymous:WindowSeconds"] = "600",
            ["Partners:Keys:alpha:KeyHash"] = PartnerDirectory.Hash(callers[0].Key!),
            ["Partners:Keys:alpha:PermitLimit"] = callers[0].Limit.ToString(),
            ["Partners:Keys:alpha:WindowSeconds"] = "600",
            ["Partners:Keys:beta:KeyHash"] = PartnerDirectory.Hash(callers[1].Key!),
            ["Partners:Keys:beta:PermitLimit"] = callers[1].Limit.ToString(),
            ["Partners:Keys:beta:WindowSeconds"] = "600",
        });
        using var http = service.CreateHttpClient();
        await ServiceReadiness.WaitUntilReadyAsync(http);

        Console.WriteLine($"{callers.Length} callers × {concurrency} connections for {seconds} s against {http.BaseAddress}");
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(callers.SelectMany(caller => Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < until) await caller.SendAsync(http);
        }))));

        Console.WriteLine();
        Console.WriteLine("| caller | limit | 200 | 429 | 429 without Retry-After | other |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var failures = new List<string>();
        foreach (var caller in callers)
        {
            Console.WriteLine($"| {caller.Name} | {caller.Limit?.ToString() ?? "–"} | {caller.Ok} | {caller.Limited} | {caller.LimitedWithoutRetryAfter} | {caller.Other.Count} |");
            failures.AddRange(caller.Failures());
        }
        Console.WriteLine();
        foreach (var failure in failures) Console.WriteLine("FAIL: " + failure);
        Console.WriteLine(failures.Count == 0 ? "PASS: every partition was limited independently, and nothing else failed." : $"FAIL: {failures.Count} problem(s).");
        return failures.Count == 0 ? 0 : 1;
    }
}

/// <summary>One kind of caller and what it got back.</summary>
sealed record Caller(string Name, string? Key, int? Limit, string Url)
{
    private int _ok, _limited, _limitedWithoutRetryAfter;
    public int Ok => _ok;
    public int Limited => _limited;
    public int LimitedWithoutRetryAfter => _limitedWithoutRetryAfter;
    public ConcurrentBag<string> Other { get; } = [];

    public async Task SendAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        if (Key is not null) request.Headers.Add(PartnerDirectory.HeaderName, Key);
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK: Interlocked.Increment(ref _ok); break;
                case HttpStatusCode.TooManyRequests:
                    Interlocked.Increment(ref _limited);
                    if (response.Headers.RetryAfter?.Delta is null) Interlocked.Increment(ref _limitedWithoutRetryAfter);
                    break;
                default: Other.Add(((int)response.StatusCode).ToString()); break;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Other.Add(exception.GetType().Name + ": " + exception.Message);
        }
    }

    public IEnumerable<string> Failures()
    {
        if (Limit is { } limit)
        {
            if (Ok != limit) yield return $"{Name}: {Ok} requests accepted, its limit is {limit}.";
            if (Limited == 0) yield return $"{Name}: never limited; run longer or with more connections.";
        }
        else if (Limited > 0) yield return $"{Name}: {Limited} requests limited, but it has no limit.";
        if (LimitedWithoutRetryAfter > 0) yield return $"{Name}: {LimitedWithoutRetryAfter} answers 429 without Retry-After.";
        foreach (var other in Other.Distinct()) yield return $"{Name}: unexpected answer {other}.";
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Hostile;

/// <summary>
/// Expensive requests (the roadmap, recommendations, text search) take turns in a bounded queue; health and ordinary requests
/// never wait behind them, and a request finding the queue full is told to come back (503, Retry-After).
/// </summary>
public sealed partial class ExpensiveRequestTests
{
    private const int QueueLimit = 8;
    private const int HeavyRequests = 24;

    /// <summary>The largest burst of heavy requests the queue tests send (each doubles its burst until one is refused).</summary>
    private const int MaxBurst = 384;

    /// <summary>The most roadmaps the abandonment test queues in front of a search (it doubles from 40).</summary>
    private const int MaxQueued = 2560;

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}{2,4}")]
    private static partial Regex KanjiWord();

    /// <summary>170 distinct words from the seed documents (about 650 characters): the roadmap query of the report, p50 990 ms.</summary>
    private static string HeavyQuery() => string.Join(' ', Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal)
        .SelectMany(file => KanjiWord().Matches(File.ReadAllText(file)).Select(m => m.Value))
        .Distinct()
        .Take(170));

    /// <summary>Distinct URLs, so that none is answered from the output cache.</summary>
    private static string Roadmap(string query, int n) =>
        $"/api/v1/roadmap?q={Uri.EscapeDataString(query)}&perStage={n % 10 + 1}&activeOn=2026-04-{n % 28 + 1:D2}&applicant=startup&n={n}";

    /// <summary>
    /// Two partners' visitors send the same search; the first closes the tab while it waits for a slot. The output cache
    /// must not hand the second the first one's failure (ASP.NET Core's cache locking did: a 500, dotnet/aspnetcore#52310).
    /// </summary>
    [Fact]
    public async Task A_request_for_the_same_url_as_one_its_client_abandons_still_gets_its_own_answer()
    {
        using var factory = new MatchApiFactory(dataPath: null, new Dictionary<string, string?>
        {
            ["Partners:ExpensiveRequests:ConcurrencyLimit"] = "1",
            // Room for every roadmap the escalation below queues: with a queue of 64 the extra ones were turned away at
            // once, so doubling queued no more work, and 64 cheap roadmaps can drain within the test's 200 ms.
            ["Partners:ExpensiveRequests:QueueLimit"] = MaxQueued.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        await MatchApiFactory.WaitUntilReadyAsync(client);
        var query = HeavyQuery();
        using (var warm = await client.GetAsync(Roadmap(query, 0))) Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        // Three abandonments, each behind enough queued work that the first search is still waiting when its client gives
        // up; on a fast machine the queue may drain first, and then the next attempt queues twice as much.
        var abandonments = 0;
        var queued = 40;
        for (var attempt = 1; abandonments < 3; attempt++)
        {
            Assert.True(queued <= MaxQueued, $"the queue never held the first search for 200 ms, even behind {queued / 2} roadmaps");
            // The only slot is busy for a while (the roadmaps queued before), so the first search waits in the queue and
            // the second, for the same URL, waits for the first in the output cache.
            var busy = Enumerable.Range(0, queued).Select(n => client.GetAsync(Roadmap(query, attempt * 10_000 + n))).ToList();
            await Task.Delay(100);
            var url = $"/api/v1/schemes?q={Uri.EscapeDataString("医療機器 伴走支援")}&attempt={attempt}";
            using var abandon = new CancellationTokenSource();
            var abandoned = client.GetAsync(url, abandon.Token);
            await Task.Delay(100);
            var kept = client.GetAsync(url);
            await Task.Delay(100);
            abandon.Cancel();

            try
            {
                (await abandoned).Dispose();
                queued *= 2; // answered before its client gave up: nothing was abandoned
            }
            catch (OperationCanceledException)
            {
                abandonments++;
            }
            using var response = await kept;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"attempt {attempt}: {(int)response.StatusCode} {body}");
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt32() > 0, body);
            foreach (var done in await Task.WhenAll(busy)) done.Dispose();
        }
    }

    [Fact]
    public async Task Health_and_ordinary_requests_answer_while_heavy_requests_queue_and_a_full_queue_answers_503()
    {
        using var factory = new MatchApiFactory(dataPath: null, new Dictionary<string, string?>
        {
            ["Partners:ExpensiveRequests:ConcurrencyLimit"] = "1",
            ["Partners:ExpensiveRequests:QueueLimit"] = QueueLimit.ToString(),
        });
        using var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        await MatchApiFactory.WaitUntilReadyAsync(client);
        var query = HeavyQuery();
        Assert.Equal(170, query.Split(' ').Length);
        using (var warm = await client.GetAsync(Roadmap(query, 0))) Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        // Warm the ordinary list too (another URL, so the measured one is not served from the output cache): its first
        // call compiles the list endpoint, which would otherwise be measured instead of the queue.
        using (var warm = await client.GetAsync("/api/v1/schemes?stage=clinical&supportType=soft")) Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        // A burst that one slot and QueueLimit places cannot hold; on a fast machine the slot may keep up with a burst, and
        // then the next one is twice as large.
        var burst = HeavyRequests;
        List<Task<(HttpStatusCode StatusCode, TimeSpan? RetryAfter, string? MediaType, string Body, TimeSpan Elapsed)>> heavy;
        for (var round = 1; ; round++, burst *= 2)
        {
            Assert.True(burst <= MaxBurst, $"every heavy request ran at once; none was queued or refused, even in a burst of {burst / 2}");
            var firstRefusal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            heavy = Enumerable.Range(1, burst).Select(async n =>
            {
                var clock = Stopwatch.StartNew();
                using var response = await client.GetAsync(Roadmap(query, round * 10_000 + n));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable) firstRefusal.TrySetResult();
                return (response.StatusCode, response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType, body, clock.Elapsed);
            }).ToList();

            // The first 503 means one request runs and QueueLimit wait: now ask for health and an ordinary list.
            await Task.WhenAny(firstRefusal.Task, Task.WhenAll(heavy));
            if (firstRefusal.Task.IsCompleted) break;
        }
        var clock = Stopwatch.StartNew();
        using var live = await client.GetAsync("/health/live");
        using var ordinary = await client.GetAsync("/api/v1/schemes?stage=clinical&supportType=funding");
        var ordinaryLatency = clock.Elapsed;
        var stillWaiting = heavy.Count(t => !t.IsCompleted);
        var results = await Task.WhenAll(heavy);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ordinary.StatusCode);
        Assert.True(stillWaiting >= 3, $"only {stillWaiting} heavy requests were still waiting when health and a list had answered ({ordinaryLatency.TotalMilliseconds:0} ms)");

        var served = results.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var refused = results.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.InRange(served.Count, QueueLimit + 1, burst - 1);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.Equal("application/problem+json", r.MediaType);
            Assert.InRange(r.RetryAfter?.TotalSeconds ?? 0, 1, 60);
            Assert.Contains("Server busy", r.Body);
        });
        // Measured in the same run: health and a list took less than the slowest heavy request spent waiting and running.
        Assert.True(ordinaryLatency < served.Max(r => r.Elapsed), $"health and a list took {ordinaryLatency.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Only_searches_with_text_are_expensive()
    {
        using var factory = new MatchApiFactory(dataPath: null, new Dictionary<string, string?>
        {
            ["Partners:ExpensiveRequests:ConcurrencyLimit"] = "1",
            ["Partners:ExpensiveRequests:QueueLimit"] = "0",
        });
        using var client = await factory.ReadyClientAsync();
        var query = Uri.EscapeDataString(HeavyQuery());
        async Task<HttpStatusCode> StatusOf(string url)
        {
            using var response = await client.GetAsync(url);
            return response.StatusCode;
        }

        // Searches and lists sent together, one slot and no queue: a fast machine may finish each search before the next
        // arrives, so a burst that drew no 503 is followed by one twice as large.
        List<HttpStatusCode> searchStatuses;
        for (var burst = 12; ; burst *= 2)
        {
            Assert.True(burst <= MaxBurst, $"no search was refused, even in a burst of {burst / 2} with one slot and no queue");
            // Distinct URLs, so that none is answered from the output cache.
            var searches = Enumerable.Range(0, burst).Select(n => StatusOf($"/api/v1/schemes?q={query}&page=1&pageSize={n % 50 + 1}&n={burst + n}")).ToList();
            var lists = Enumerable.Range(0, burst).Select(n => StatusOf($"/api/v1/schemes?pageSize={n % 50 + 1}&n={burst + n}")).ToList();
            searchStatuses = [.. await Task.WhenAll(searches)];
            var listStatuses = await Task.WhenAll(lists);

            Assert.All(searchStatuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, status.ToString()));
            Assert.All(listStatuses, status => Assert.Equal(HttpStatusCode.OK, status));
            if (searchStatuses.Contains(HttpStatusCode.ServiceUnavailable)) break;
        }
        Assert.Contains(HttpStatusCode.OK, searchStatuses);
    }

    [Fact]
    public async Task The_OpenAPI_document_gives_the_expensive_endpoints_a_503_with_Retry_After()
    {
        using var factory = new MatchApiFactory();
        using var client = factory.CreateClient();
        var document = await MatchApiFactory.GetJsonAsync(client, "/openapi/v1.json");
        var paths = document.GetProperty("paths");

        foreach (var (path, method) in new[] { ("/api/v1/recommendations", "post"), ("/api/v1/roadmap", "get"), ("/api/v1/schemes", "get") })
        {
            var busy = paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("503");
            Assert.Contains("Partners:ExpensiveRequests", busy.GetProperty("description").GetString());
            Assert.True(busy.GetProperty("headers").TryGetProperty("Retry-After", out _), $"{method} {path}: 503 without Retry-After");
        }
        var detail = paths.GetProperty("/api/v1/schemes/{id}").GetProperty("get").GetProperty("responses");
        Assert.DoesNotContain("ExpensiveRequests", detail.GetProperty("503").GetProperty("description").GetString());
    }
}

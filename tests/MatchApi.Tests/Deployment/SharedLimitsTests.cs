using System.Net;
using System.Text.Json;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Partners.PartnerSetup;

namespace MatchApi.Tests.Deployment;

/// <summary>
/// Two instances of the service against one real Redis: a partner's limit is one limit, however many instances serve it;
/// with Redis gone they keep serving with limits of their own, say so in /health/ready, and share again when it is back.
/// </summary>
[Collection(SharedServersCollection.Name)]
public sealed class SharedLimitsTests(SharedServers servers)
{
    private const int AlphaLimit = 50;

    private MatchApiFactory Instance(string keyPrefix, int alphaLimit = AlphaLimit) =>
        new(dataPath: null, new Dictionary<string, string?>(Settings(anonymousLimit: 1000, alphaLimit, betaLimit: 1000, windowSeconds: 60))
        {
            ["Redis:Configuration"] = servers.Redis.Configuration,
            ["Redis:KeyPrefix"] = keyPrefix,
            ["Redis:RetrySeconds"] = "1",
        });

    private static string FreshPrefix() => $"test-{Guid.NewGuid():N}:";

    [Fact]
    public async Task A_key_limited_to_50_a_minute_gets_50_in_total_across_two_instances()
    {
        var prefix = FreshPrefix();
        using var a = Instance(prefix);
        using var b = Instance(prefix);
        using var clientA = await a.ReadyClientAsync();
        using var clientB = await b.ReadyClientAsync();
        Assert.Equal("redis", (await ReadyAsync(clientA)).GetProperty("rateLimits").GetString());

        var (accepted, rejected) = (0, 0);
        for (var sent = 0; sent < 2 * AlphaLimit; sent++)
        {
            using var response = await (sent % 2 == 0 ? clientA : clientB).SendAsync(Get("/api/v1/schemes?q=治験", AlphaKey));
            if (response.StatusCode == HttpStatusCode.OK) accepted++;
            else
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a shared 429 carries Retry-After");
                rejected++;
            }
        }

        Assert.Equal(AlphaLimit, accepted);
        Assert.Equal(AlphaLimit, rejected);
        // Another key is not charged for alpha's requests.
        using var beta = await clientB.SendAsync(Get("/api/v1/schemes?q=治験", BetaKey));
        Assert.Equal(HttpStatusCode.OK, beta.StatusCode);
    }

    [Fact]
    public async Task With_Redis_killed_the_instances_keep_serving_with_their_own_limits_say_degraded_and_share_again_when_it_returns()
    {
        const int limit = 5;
        var prefix = FreshPrefix();
        using var a = Instance(prefix, alphaLimit: limit);
        using var clientA = await a.ReadyClientAsync();
        try
        {
            servers.Redis.Kill();
            var ready = await WaitForAsync(clientA, r => r.GetProperty("rateLimits").GetString() == "in_process_fallback");
            Assert.Equal("degraded", ready.GetProperty("status").GetString());
            Assert.Equal("in_process_fallback", ready.GetProperty("outputCache").GetString());
            Assert.Contains("Redis", ready.GetProperty("warning").GetString());

            // Still serving, still limiting (in process), never a 5xx because of Redis.
            var statuses = new List<HttpStatusCode>();
            for (var sent = 0; sent < limit + 3; sent++)
            {
                using var response = await clientA.SendAsync(Get("/api/v1/schemes?q=海外展開", AlphaKey));
                statuses.Add(response.StatusCode);
            }
            Assert.Equal(limit, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.All(statuses.Skip(limit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
            using var detail = await clientA.SendAsync(Get("/api/v1/schemes?q=治験", BetaKey));
            Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        }
        finally
        {
            await servers.Redis.StartAgainAsync();
        }

        var back = await WaitForAsync(clientA, r => r.GetProperty("rateLimits").GetString() == "redis");
        Assert.Equal("ready", back.GetProperty("status").GetString());
        Assert.Equal("redis", back.GetProperty("outputCache").GetString());
    }

    [Fact]
    public async Task Without_Redis_configured_limits_stay_in_process_and_ready_says_so()
    {
        using var single = new MatchApiFactory();
        using var client = await single.ReadyClientAsync();
        var ready = await ReadyAsync(client);
        Assert.Equal("in_process", ready.GetProperty("rateLimits").GetString());
        Assert.Equal("in_process", ready.GetProperty("outputCache").GetString());
        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }

    private static async Task<JsonElement> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, Func<JsonElement, bool> condition)
    {
        JsonElement ready = default;
        for (var attempt = 0; attempt < 150; attempt++)
        {
            ready = await ReadyAsync(client);
            if (condition(ready)) return ready;
            await Task.Delay(100);
        }
        Assert.Fail($"/health/ready never reached the expected state within 15 s: {ready}");
        return ready;
    }
}

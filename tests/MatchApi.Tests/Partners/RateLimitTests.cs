using System.Net;
using System.Text.Json;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Partners.PartnerSetup;

namespace MatchApi.Tests.Partners;

/// <summary>Each partner key and the anonymous callers count against their own limit; over it, 429 with Retry-After.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int AnonymousLimit = 3;
    private const int AlphaLimit = 8;
    private const int BetaLimit = 5;
    private const int SameOriginLimit = 6;

    private readonly MatchApiFactory _factory = new(dataPath: null, new Dictionary<string, string?>(Settings(AnonymousLimit, AlphaLimit, BetaLimit))
    {
        ["Partners:SameOrigin:PermitLimit"] = SameOriginLimit.ToString(),
        ["Partners:SameOrigin:WindowSeconds"] = "600",
    });
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _factory.ReadyClientAsync();

    public Task DisposeAsync()
    {
        _client.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Sends requests until the first 429 (or limit + 5 requests) and returns how many succeeded, and the 429.</summary>
    /// <param name="fetchSite">The Sec-Fetch-Site a browser would send: "same-origin" from the service's own pages.</param>
    private async Task<(int Accepted, HttpResponseMessage? Rejected)> SpendAsync(string? key, int limit, string? fetchSite = null)
    {
        for (var sent = 0; sent < limit + 5; sent++)
        {
            var request = Get("/api/v1/schemes?q=海外展開", key);
            if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
            var response = await _client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) return (sent, response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
        return (limit + 5, null);
    }

    [Fact]
    public async Task Each_partition_is_limited_independently_and_anonymous_callers_get_the_lowest_limit()
    {
        var anonymous = await SpendAsync(key: null, AnonymousLimit);
        var alpha = await SpendAsync(AlphaKey, AlphaLimit);
        var beta = await SpendAsync(BetaKey, BetaLimit);

        Assert.Equal(AnonymousLimit, anonymous.Accepted);
        Assert.Equal(AlphaLimit, alpha.Accepted);
        Assert.Equal(BetaLimit, beta.Accepted);
        Assert.True(anonymous.Accepted < Math.Min(alpha.Accepted, beta.Accepted));

        using var health = await _client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Over_the_limit_is_a_429_problem_with_Retry_After_naming_the_limit()
    {
        var (_, rejected) = await SpendAsync(BetaKey, BetaLimit);

        using var response = Assert.IsType<HttpResponseMessage>(rejected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 600);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains($"{BetaLimit} requests per 600 s", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_anonymous_caller_over_the_limit_is_told_that_a_key_gives_more()
    {
        var (_, rejected) = await SpendAsync(key: null, AnonymousLimit);

        using var response = Assert.IsType<HttpResponseMessage>(rejected);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Requests_from_the_services_own_pages_count_against_their_own_higher_limit_and_other_sites_pages_against_the_anonymous_one()
    {
        var anonymous = await SpendAsync(key: null, AnonymousLimit);
        var ownPages = await SpendAsync(key: null, SameOriginLimit, fetchSite: "same-origin");
        var otherSite = await SpendAsync(key: null, AnonymousLimit, fetchSite: "cross-site");

        Assert.Equal(AnonymousLimit, anonymous.Accepted);
        Assert.Equal(SameOriginLimit, ownPages.Accepted);
        Assert.Equal(0, otherSite.Accepted);
        using var rejected = Assert.IsType<HttpResponseMessage>(ownPages.Rejected);
        var problem = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains($"MatchApi's own pages (per client IP) is {SameOriginLimit} requests per 600 s", problem.GetProperty("detail").GetString());
    }
}

using System.Net;
using MatchApi.Testing;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Partners.PartnerSetup;

namespace MatchApi.Tests.Deployment;

/// <summary>
/// Behind a reverse proxy: X-Forwarded-For is believed only from a proxy named in ForwardedHeaders, so the per-IP limits
/// count the caller the proxy saw, and a caller that writes the header itself cannot pick its own partition. Real Kestrel
/// on loopback: the connection's address is real.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const int AnonymousLimit = 2;

    private static async Task<List<HttpStatusCode>> SendAsFromAsync(string trustedProxy, params string[] forwardedFor)
    {
        using var factory = new MatchApiFactory(dataPath: null, new Dictionary<string, string?>(Settings(AnonymousLimit, alphaLimit: 100, betaLimit: 100))
        {
            ["ForwardedHeaders:KnownProxies:0"] = trustedProxy,
        });
        factory.StartOnLoopback();
        using var client = await factory.ReadyClientAsync();
        var statuses = new List<HttpStatusCode>();
        foreach (var caller in forwardedFor)
        {
            using var request = Get("/api/v1/schemes?q=治験");
            request.Headers.Add("X-Forwarded-For", caller);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    [Fact]
    public async Task A_trusted_proxys_forwarded_caller_gets_its_own_per_IP_limit()
    {
        var statuses = await SendAsFromAsync("127.0.0.1", "203.0.113.5", "203.0.113.5", "203.0.113.5", "203.0.113.6", "198.51.100.7, 203.0.113.7");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task An_untrusted_proxys_X_Forwarded_For_is_ignored_and_every_request_counts_against_the_connection()
    {
        var statuses = await SendAsFromAsync("10.20.30.40", "203.0.113.5", "203.0.113.6", "203.0.113.7", "203.0.113.8");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_proxy_address_that_is_not_one_stops_the_start_with_the_setting_named()
    {
        using var factory = new MatchApiFactory(dataPath: null, new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "proxy.example" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("ForwardedHeaders:KnownProxies:0", error.ToString());
    }
}

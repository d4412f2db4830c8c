using System.IO.Compression;
using System.Net;
using System.Text.Json;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Partners.PartnerSetup;

namespace MatchApi.Tests.Partners;

/// <summary>API keys, CORS, HTTP caching and compression through the real pipeline, with partner keys configured by hash.</summary>
public sealed class PartnerAccessTests(PartnerApp app) : IClassFixture<PartnerApp>
{
    private HttpClient Client => app.Client;

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(mentions, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_configured_key_is_accepted()
    {
        using var response = await Client.SendAsync(Get("/api/v1/schemes?q=治験", AlphaKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("total").GetInt32() > 0);
    }

    [Theory]
    [InlineData("not-a-known-key", "does not carry a known API key")]
    [InlineData(RevokedKey, "revoked")]
    public async Task An_unknown_or_revoked_key_is_a_401_problem_not_anonymous_access(string key, string mentions)
    {
        using var response = await Client.SendAsync(Get("/api/v1/schemes", key));

        await AssertProblem(response, HttpStatusCode.Unauthorized, mentions);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_key_check_covers_every_partner_endpoint_but_not_health()
    {
        foreach (var url in new[] { "/api/v1/vocabularies", "/api/v1/schemes/mediso", "/api/v1/analyze?text=治験", "/api/v1/roadmap?stage=clinical" })
        {
            using var response = await Client.SendAsync(Get(url, "wrong"));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{url} answered {(int)response.StatusCode}");
        }
        using var health = await Client.SendAsync(Get("/health/live", "wrong"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData(AlphaKey, AlphaOrigin)]
    [InlineData(BetaKey, BetaOrigin)]
    [InlineData(null, PublicOrigin)]
    public async Task A_callers_own_origins_get_the_CORS_headers(string? key, string origin)
    {
        using var response = await Client.SendAsync(Get("/api/v1/schemes", key, origin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("ETag", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Theory]
    [InlineData(AlphaKey, BetaOrigin)]
    [InlineData(AlphaKey, "https://evil.example")]
    [InlineData(null, AlphaOrigin)]
    [InlineData(null, "https://evil.example")]
    public async Task Other_origins_get_no_CORS_headers(string? key, string origin)
    {
        using var response = await Client.SendAsync(Get("/api/v1/schemes", key, origin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/api/v1/schemes?q=海外展開", AlphaOrigin, "GET", "x-api-key")]
    [InlineData("/api/v1/recommendations", BetaOrigin, "POST", "content-type,x-api-key")]
    [InlineData("/api/v1/schemes", PublicOrigin, "GET", "if-none-match")]
    public async Task A_preflight_from_a_configured_origin_allows_the_method_and_headers(string url, string origin, string method, string headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains(method, response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        var allowedHeaders = response.Headers.GetValues("Access-Control-Allow-Headers").Single();
        foreach (var header in headers.Split(','))
            Assert.Contains(header, allowedHeaders, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_preflight_from_an_unknown_origin_gets_no_CORS_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/schemes");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await Client.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/api/v1/schemes?q=海外展開&stage=non_clinical")]
    [InlineData("/api/v1/schemes/mediso")]
    [InlineData("/api/v1/vocabularies")]
    [InlineData("/api/v1/roadmap?applicant=startup&stage=non_clinical")]
    public async Task A_GET_carries_an_ETag_and_a_matching_If_None_Match_gets_304(string url)
    {
        using var first = await Client.SendAsync(Get(url, AlphaKey));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(first.Headers.CacheControl?.Public);
        Assert.True(first.Headers.CacheControl?.MaxAge > TimeSpan.Zero);

        using var again = Get(url, AlphaKey);
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_stale_ETag_or_another_query_gets_the_full_response()
    {
        using var first = await Client.SendAsync(Get("/api/v1/schemes?q=治験"));
        using var other = await Client.SendAsync(Get("/api/v1/schemes?q=海外展開"));
        Assert.NotEqual(first.Headers.ETag, other.Headers.ETag);

        using var stale = Get("/api/v1/schemes?q=治験");
        stale.Headers.TryAddWithoutValidation("If-None-Match", "W/\"0123456789abcdef0123456789abcdef\"");
        using var response = await Client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
    }

    [Fact]
    public async Task Errors_are_not_cached()
    {
        using var response = await Client.SendAsync(Get("/api/v1/schemes/no-such-scheme"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.False(response.Headers.CacheControl?.Public ?? false);
    }

    [Fact]
    public async Task Responses_served_from_the_server_cache_keep_each_callers_CORS_headers()
    {
        const string url = "/api/v1/schemes?q=伴走支援&pageSize=7";
        using var alpha = await Client.SendAsync(Get(url, AlphaKey, AlphaOrigin));
        using var beta = await Client.SendAsync(Get(url, BetaKey, BetaOrigin));
        using var alphaKeyFromBetaOrigin = await Client.SendAsync(Get(url, AlphaKey, BetaOrigin));
        using var alphaAgain = await Client.SendAsync(Get(url, AlphaKey, AlphaOrigin));

        Assert.Equal(AlphaOrigin, Assert.Single(alpha.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(BetaOrigin, Assert.Single(beta.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(alphaKeyFromBetaOrigin.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(AlphaOrigin, Assert.Single(alphaAgain.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(await alpha.Content.ReadAsStringAsync(), await alphaAgain.Content.ReadAsStringAsync());
        Assert.Equal(alpha.Headers.ETag, alphaAgain.Headers.ETag);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task JSON_is_compressed_when_the_client_accepts_it(string encoding)
    {
        using var plain = await Client.SendAsync(Get("/api/v1/schemes?pageSize=50"));
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();

        using var request = Get("/api/v1/schemes?pageSize=50");
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plainBytes.Length / 2, $"{encoding}: {compressed.Length} bytes of {plainBytes.Length}");

        await using var stream = encoding == "br"
            ? new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress)
            : (Stream)new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var json = await JsonDocument.ParseAsync(stream);
        Assert.Equal(JsonDocument.Parse(plainBytes).RootElement.GetProperty("total").GetInt32(), json.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_key_and_the_partner_errors()
    {
        var document = await MatchApiFactory.GetJsonAsync(Client, "/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        var list = document.GetProperty("paths").GetProperty("/api/v1/schemes").GetProperty("get").GetProperty("responses");
        foreach (var status in new[] { "304", "401", "429" }) Assert.True(list.TryGetProperty(status, out _), $"list lacks {status}");
        Assert.True(list.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
    }
}

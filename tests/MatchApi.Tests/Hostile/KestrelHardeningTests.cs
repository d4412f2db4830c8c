using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Hostile;

/// <summary>What only a real Kestrel shows: HEAD without a body, and the Server header.</summary>
public sealed class KestrelHardeningTests : IAsyncLifetime
{
    private readonly KestrelMatchApi _server = new(OperatorAccess.Settings());
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _server.ReadyClientFromAsync();

    public Task DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Every GET route under /api/, from the service's own route table, with its parameters filled in.</summary>
    private List<string> GetApiRoutes() => _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
        .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
        .Select(e => e.RoutePattern.RawText!.Replace("{id}", "mediso").Replace("{number:int}", "1"))
        .ToList();

    [Fact]
    public async Task HEAD_answers_every_GET_API_route_with_the_GET_headers_and_no_body()
    {
        var routes = GetApiRoutes();
        Assert.Contains("/api/v1/schemes/mediso", routes);
        Assert.Contains("/api/v1/roadmap", routes);
        Assert.Contains("/api/v1/operator/catalog-load", routes);

        foreach (var route in routes)
        {
            var url = route + (route.EndsWith("/analyze", StringComparison.Ordinal) ? "?text=治験" : "");
            using var get = await _client.SendAsync(WithOperatorKey(HttpMethod.Get, url));
            using var head = await _client.SendAsync(WithOperatorKey(HttpMethod.Head, url));

            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {url}: {(int)head.StatusCode}, GET: {(int)get.StatusCode}");
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    private static HttpRequestMessage WithOperatorKey(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Api-Key", OperatorAccess.OperatorKey);
        return request;
    }

    [Fact]
    public async Task A_HEAD_with_a_current_ETag_is_a_304()
    {
        using var first = await _client.GetAsync("/api/v1/vocabularies");
        var request = new HttpRequestMessage(HttpMethod.Head, "/api/v1/vocabularies");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var head = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, head.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/api/v1/schemes")]
    [InlineData("/desk")]
    [InlineData("/api/v1/nothing-here")]
    public async Task No_response_names_the_server(string url)
    {
        using var response = await _client.GetAsync(url);
        Assert.Empty(response.Headers.Server);
        Assert.False(response.Headers.Contains("Server"));
    }
}

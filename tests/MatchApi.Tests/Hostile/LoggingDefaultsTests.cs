using System.Net;
using System.Text;
using System.Text.Json;
using MatchApi.Partners;

namespace MatchApi.Tests.Hostile;

/// <summary>
/// The production defaults (appsettings.json) of the real process: one JSON object per line, no EF Core SQL while the catalog
/// loads, and requests add at most a line each, never a body or a key.
/// </summary>
[Collection(ServiceProcessCollection.Name)]
public sealed class LoggingDefaultsTests(ServiceProcess service)
{
    private const string BodyMarker = "本文マーカー7f3a";
    private const string UnknownKey = "unknown-key-marker-91c2e0";

    [Fact]
    public async Task Production_logs_are_JSON_lines_without_SQL_and_at_most_one_line_per_request_without_bodies_or_keys()
    {
        // "Catalog ready" is logged just after the publish that makes /health/ready answer, and the output is read
        // asynchronously: the fixture can be ready before the line has arrived.
        for (var waited = 0; waited < 100 && !service.Output.Any(IsCatalogReady); waited++) await Task.Delay(100);
        var startup = service.Output.ToArray();
        Assert.NotEmpty(startup);
        var entries = startup.Select(line => JsonDocument.Parse(line).RootElement).ToList(); // throws on a line that is not JSON
        Assert.All(entries, e => Assert.True(e.TryGetProperty("Category", out _) && e.TryGetProperty("LogLevel", out _), e.GetRawText()));
        Assert.DoesNotContain(entries, e => e.GetProperty("Category").GetString()!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.StartsWith("Catalog ready", StringComparison.Ordinal));

        var requests = 0;
        for (var round = 0; round < 10; round++)
        {
            using (var search = await service.Client.GetAsync($"/api/v1/schemes?q=AMED&page=1&pageSize={round + 1}")) Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            using (var content = new StringContent($"{{\"query\": \"{BodyMarker}\", \"limit\": {round + 1}}}", Encoding.UTF8, "application/json"))
            using (var post = await service.Client.PostAsync("/api/v1/recommendations", content)) Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            using (var invalid = new StringContent($"{{\"stage\": \"{BodyMarker}\"}}", Encoding.UTF8, "application/json"))
            using (var bad = await service.Client.PostAsync("/api/v1/recommendations", invalid)) Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using (var partner = await service.Client.SendAsync(WithKey("/api/v1/vocabularies", ServiceProcess.PartnerKey))) Assert.Equal(HttpStatusCode.OK, partner.StatusCode);
            using (var unknown = await service.Client.SendAsync(WithKey("/api/v1/vocabularies", UnknownKey))) Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
            requests += 5;
        }
        await Task.Delay(500); // the output is read asynchronously

        var added = service.Output.Skip(startup.Length).ToArray();
        Assert.True(added.Length <= requests, $"{added.Length} lines for {requests} requests");
        Assert.All(added, line => JsonDocument.Parse(line));
        foreach (var secret in new[] { BodyMarker, ServiceProcess.PartnerKey, PartnerDirectory.Hash(ServiceProcess.PartnerKey), UnknownKey, PartnerDirectory.Hash(UnknownKey) })
            Assert.DoesNotContain(service.Output, line => line.Contains(secret) || line.Contains(JsonEncodedText.Encode(secret).ToString()));
    }

    private static bool IsCatalogReady(string line) => line.Contains("\"Message\":\"Catalog ready", StringComparison.Ordinal);

    private static HttpRequestMessage WithKey(string url, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(PartnerDirectory.HeaderName, key);
        return request;
    }
}

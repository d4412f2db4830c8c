using System.Net;
using System.Text.Json;
using MatchApi.Health;
using MatchApi.Partners;
using MatchApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using static MatchApi.Tests.Partners.PartnerSetup;

namespace MatchApi.Tests.Hostile;

/// <summary>Keys with roles, as operators configure them (Partners:Keys:{id}:Roles), and the operator's view of the last load.</summary>
public static class OperatorAccess
{
    public const string OperatorKey = "operator-8c41d7e2b9a05f36";
    public const string CuratorKey = "curator-1f6b3a0e9d27c458";

    /// <summary>The partner settings of PartnerSetup plus an operator and a curator.</summary>
    public static Dictionary<string, string?> Settings() => new(MatchApi.Tests.Partners.PartnerSetup.Settings(anonymousLimit: 1000, alphaLimit: 1000, betaLimit: 1000))
    {
        ["Partners:Keys:ops:KeyHash"] = PartnerDirectory.Hash(OperatorKey),
        ["Partners:Keys:ops:Roles:0"] = PartnerRoles.Operator,
        ["Partners:Keys:desk1:KeyHash"] = PartnerDirectory.Hash(CuratorKey),
        ["Partners:Keys:desk1:Roles:0"] = PartnerRoles.Curator,
    };

    /// <summary>GET /api/v1/operator/catalog-load with the operator key.</summary>
    public static async Task<JsonElement> CatalogLoadAsync(HttpClient client)
    {
        using var response = await client.SendAsync(Get("/api/v1/operator/catalog-load", OperatorKey));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"the operator endpoint answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

/// <summary>
/// A failed load is public only as a fact (lastLoadFailed, when, a fixed sentence); its details (file names, positions,
/// exceptions) go to the log and to an operator endpoint that needs a partner key with the operator or curator role.
/// </summary>
public sealed class LoadErrorTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("matchapi-load-error-");

    private (MatchApiFactory Factory, LogCapture Log) BrokenService()
    {
        var data = RepositoryPaths.CopyOfData(_work.FullName);
        File.WriteAllText(Path.Combine(data, "schemes", "broken.json"), "{ \"id\": \"broken\", ");
        return (new MatchApiFactory(data, OperatorAccess.Settings()), new LogCapture());
    }

    private static async Task<JsonElement> FailedReadyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var response = await client.GetAsync("/health/ready");
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (body.TryGetProperty("lastLoadFailed", out var failed) && failed.ValueKind == JsonValueKind.True)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                return body;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("/health/ready never said that the load failed");
    }

    [Fact]
    public async Task Public_health_says_only_that_the_last_load_failed_and_when()
    {
        var (service, log) = BrokenService();
        using var _ = service;
        using var factory = log.Attach(service);
        using var client = factory.CreateClient();
        var startedAt = DateTimeOffset.UtcNow;

        var ready = await FailedReadyAsync(client);
        var text = ready.GetRawText();

        Assert.Equal("loading", ready.GetProperty("status").GetString());
        Assert.Equal(ReadyStatus.LoadFailedNotice, ready.GetProperty("lastLoadError").GetString());
        Assert.InRange(ready.GetProperty("lastLoadFailedAt").GetDateTimeOffset(), startedAt.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.DoesNotContain("broken.json", text);
        Assert.DoesNotContain(_work.FullName, text);
        Assert.DoesNotContain(" at ", text.Replace(ReadyStatus.LoadFailedNotice, ""));
        // The details are in the log.
        Assert.Contains(log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("broken.json"));
    }

    [Fact]
    public async Task The_operator_endpoint_gives_the_details_to_an_operator_or_curator_key_only()
    {
        var (service, _) = BrokenService();
        using var factory = service;
        using var client = factory.CreateClient();
        await FailedReadyAsync(client);

        using (var anonymous = await client.GetAsync("/api/v1/operator/catalog-load"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("broken.json", await anonymous.Content.ReadAsStringAsync());
        }
        using (var partner = await client.SendAsync(Get("/api/v1/operator/catalog-load", AlphaKey)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, partner.StatusCode);
            var body = await partner.Content.ReadAsStringAsync();
            Assert.Contains("Partners:Keys:alpha:Roles", body);
            Assert.DoesNotContain("broken.json", body);
        }
        using (var unknown = await client.SendAsync(Get("/api/v1/operator/catalog-load", "no-such-key")))
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        var detail = await OperatorAccess.CatalogLoadAsync(client);
        Assert.False(detail.GetProperty("serving").GetBoolean());
        Assert.True(detail.GetProperty("lastLoadFailed").GetBoolean());
        Assert.Contains("broken.json", detail.GetProperty("lastLoadError").GetString());
        Assert.Equal(Path.GetFullPath(factory.DataPath), detail.GetProperty("dataDirectory").GetString());

        using var curator = await client.SendAsync(Get("/api/v1/operator/catalog-load", OperatorAccess.CuratorKey));
        Assert.Equal(HttpStatusCode.OK, curator.StatusCode);
        Assert.Equal("no-store", curator.Headers.CacheControl?.ToString());
        Assert.Null(curator.Headers.ETag);
    }

    [Fact]
    public async Task A_healthy_load_reports_no_failure_publicly_or_to_operators()
    {
        using var factory = new MatchApiFactory(dataPath: null, OperatorAccess.Settings());
        using var client = await factory.ReadyClientAsync();

        var ready = await MatchApiFactory.GetJsonAsync(client, "/health/ready");
        Assert.False(ready.GetProperty("lastLoadFailed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ready.GetProperty("lastLoadError").ValueKind);
        Assert.Equal(JsonValueKind.Null, ready.GetProperty("lastLoadFailedAt").ValueKind);

        var detail = await OperatorAccess.CatalogLoadAsync(client);
        Assert.True(detail.GetProperty("serving").GetBoolean());
        Assert.Equal(ready.GetProperty("catalogVersion").GetString(), detail.GetProperty("catalogVersion").GetString());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("lastLoadError").ValueKind);
    }

    [Theory]
    [InlineData("Partners:Keys:ops:Roles:1", "admin", "Partners:Keys:ops:Roles: 'admin' is not a role")]
    [InlineData("Search:MaxSearchParts", "0", "Search:MaxSearchParts must be at least 1.")]
    public void An_invalid_setting_stops_the_start(string key, string value, string expected)
    {
        var settings = OperatorAccess.Settings();
        settings[key] = value;
        using var factory = new MatchApiFactory(dataPath: null, settings);

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(expected, failure.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }
}

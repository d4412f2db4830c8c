using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Curation.Curators;

namespace MatchApi.Tests.Deployment;

/// <summary>PostgreSQL gone while an instance serves: reads go on from memory and the index, a write is a 503 to retry, never a 500.</summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task A_write_while_the_shared_store_is_down_is_503_and_reads_keep_serving()
    {
        var postgres = await PostgresServer.StartAsync();
        var settings = Settings();
        settings["Catalog:Store"] = "postgres";
        settings["ConnectionStrings:Catalog"] = await postgres.CreateDatabaseAsync();
        using var factory = new MatchApiFactory(dataPath: null, settings);
        using var client = await factory.ReadyClientAsync();
        var etag = await ETagAsync(client, "kakenhi");

        await postgres.DisposeAsync();
        var (status, body, _) = await SendAsync(client, Request(HttpMethod.Patch, "/api/v1/schemes/kakenhi", ifMatch: etag,
            body: new JsonObject { ["aliases"] = new JsonArray("停止中の別名") }, contentType: "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Catalog database unavailable", body.GetProperty("title").GetString());
        using var read = await client.GetAsync("/api/v1/schemes?q=科研費");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}

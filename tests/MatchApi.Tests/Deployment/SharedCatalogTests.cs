using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Curation.Curators;

namespace MatchApi.Tests.Deployment;

/// <summary>
/// Two instances on one real PostgreSQL catalog (Catalog:Store=postgres), each with its own search index: a curator's
/// write on A is listed and found on B within two seconds, by notification or, when that is missed, by the version check;
/// the revision numbers are one sequence for both; an instance killed (a process of its own, SIGKILL) in the middle of writes loses no acknowledged revision.
/// </summary>
[Collection(SharedServersCollection.Name)]
public sealed class SharedCatalogTests(SharedServers servers)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    /// <param name="versionCheckMilliseconds">How often an instance that does not listen looks for other instances' writes.</param>
    private static MatchApiFactory Instance(string connectionString, bool listen = true, int versionCheckMilliseconds = 1000)
    {
        var settings = Settings();
        settings["Catalog:Store"] = "postgres";
        settings["ConnectionStrings:Catalog"] = connectionString;
        settings["Catalog:ListenForChanges"] = listen ? "true" : "false";
        settings["Catalog:VersionCheckMilliseconds"] = versionCheckMilliseconds.ToString();
        settings["Partners:Anonymous:PermitLimit"] = "1000000";
        return new MatchApiFactory(dataPath: null, settings);
    }

    private static async Task<List<string?>> FoundAsync(HttpClient client, string query) =>
        (await MatchApiFactory.GetJsonAsync(client, $"/api/v1/schemes?q={Uri.EscapeDataString(query)}")).GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();

    /// <summary>How long until B finds the scheme by the new word and serves its new revision (fails after 10 s).</summary>
    private static async Task<TimeSpan> UntilSeenAsync(HttpClient b, string word, string id, int revision, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if ((await FoundAsync(b, word)).Contains(id)
                && (await MatchApiFactory.GetJsonAsync(b, $"/api/v1/schemes/{id}")).GetProperty("revision").GetInt32() == revision)
                return clock.Elapsed;
            await Task.Delay(50);
        }
        Assert.Fail($"B did not serve revision {revision} of {id} within 10 s.");
        return clock.Elapsed;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_write_on_A_is_listed_and_searchable_on_B_within_two_seconds(bool bListens)
    {
        var database = await servers.Postgres.CreateDatabaseAsync();
        using var a = Instance(database);
        using var clientA = await a.ReadyClientAsync();
        // B does not listen in the second case: as if every notification were missed, the version check must catch the write.
        using var b = Instance(database, listen: bListens);
        using var clientB = await b.ReadyClientAsync();
        var word = "Zephyrion" + (bListens ? "Listen" : "Check");
        Assert.Empty(await FoundAsync(clientB, word));
        using var listBefore = await clientB.GetAsync("/api/v1/schemes?pageSize=5");
        var listETagBefore = listBefore.Headers.ETag?.ToString();

        var detail = await PatchAsync(clientA, "kakenhi", new JsonObject { ["aliases"] = new JsonArray(word) }, "別名を追加");
        var clock = Stopwatch.StartNew();
        var seen = await UntilSeenAsync(clientB, word, "kakenhi", detail.GetProperty("revision").GetInt32(), clock);

        Assert.True(seen < Bound, $"B served A's write after {seen}");
        using var listAfter = await clientB.GetAsync("/api/v1/schemes?pageSize=5");
        Assert.NotEqual(listETagBefore, listAfter.Headers.ETag?.ToString());
        var readyA = await MatchApiFactory.GetJsonAsync(clientA, "/health/ready");
        var readyB = await MatchApiFactory.GetJsonAsync(clientB, "/health/ready");
        Assert.Equal(readyA.GetProperty("catalogVersion").GetString(), readyB.GetProperty("catalogVersion").GetString());
    }

    [Fact]
    public async Task A_write_on_an_instance_that_has_not_yet_heard_of_another_instances_write_serves_both()
    {
        var database = await servers.Postgres.CreateDatabaseAsync();
        // A hears of nothing by itself for ten minutes: only its own write can bring B's to it.
        using var a = Instance(database, listen: false, versionCheckMilliseconds: 600_000);
        using var clientA = await a.ReadyClientAsync();
        using var b = Instance(database);
        using var clientB = await b.ReadyClientAsync();

        var onB = await PatchAsync(clientB, "kakenhi", new JsonObject { ["aliases"] = new JsonArray("WrittenOnB") }, "別名を追加");
        var onA = await PatchAsync(clientA, "mediso", new JsonObject { ["aliases"] = new JsonArray("WrittenOnA") }, "別名を追加");

        Assert.Equal(onB.GetProperty("revision").GetInt32(), (await MatchApiFactory.GetJsonAsync(clientA, "/api/v1/schemes/kakenhi")).GetProperty("revision").GetInt32());
        Assert.Contains("kakenhi", await FoundAsync(clientA, "WrittenOnB"));
        Assert.Contains("mediso", await FoundAsync(clientA, "WrittenOnA"));
        Assert.Equal(onA.GetProperty("revision").GetInt32(), (await MatchApiFactory.GetJsonAsync(clientA, "/api/v1/schemes/mediso")).GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Two_curators_on_two_instances_editing_the_same_revision_one_wins_the_other_gets_412()
    {
        var database = await servers.Postgres.CreateDatabaseAsync();
        using var a = Instance(database);
        using var clientA = await a.ReadyClientAsync();
        using var b = Instance(database);
        using var clientB = await b.ReadyClientAsync();
        var etag = await ETagAsync(clientA, "kakenhi");
        Assert.Equal(etag, await ETagAsync(clientB, "kakenhi"));

        var first = await SendAsync(clientA, Request(HttpMethod.Patch, "/api/v1/schemes/kakenhi", ifMatch: etag,
            body: new JsonObject { ["aliases"] = new JsonArray("FirstWriter") }, contentType: "application/merge-patch+json"));
        var second = await SendAsync(clientB, Request(HttpMethod.Patch, "/api/v1/schemes/kakenhi", key: OtherCuratorKey, ifMatch: etag,
            body: new JsonObject { ["aliases"] = new JsonArray("SecondWriter") }, contentType: "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.Status);
        Assert.Equal(412, second.Body.GetProperty("status").GetInt32());
        var history = await MatchApiFactory.GetJsonAsync(clientB, "/api/v1/schemes/kakenhi/revisions");
        Assert.Equal(2, history.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_killed_in_the_middle_of_writes_loses_no_acknowledged_revision_and_B_keeps_serving()
    {
        var database = await servers.Postgres.CreateDatabaseAsync();
        var settings = Settings();
        settings["Catalog:Store"] = "postgres";
        settings["ConnectionStrings:Catalog"] = database;
        settings["Catalog:DataPath"] = RepositoryPaths.Data;
        settings["Partners:Anonymous:PermitLimit"] = "1000000";
        await using var a = await ServiceProcess.StartReadyAsync(settings);
        using var b = Instance(database);
        using var clientB = await b.ReadyClientAsync();

        var acknowledged = new List<int>();
        var writes = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                try
                {
                    var etag = await ETagAsync(a.Client, "kakenhi");
                    var (status, body, _) = await SendAsync(a.Client, Request(HttpMethod.Patch, "/api/v1/schemes/kakenhi", ifMatch: etag,
                        body: new JsonObject { ["aliases"] = new JsonArray($"Write{i}") }, contentType: "application/merge-patch+json"));
                    Assert.True(status == HttpStatusCode.OK, $"PATCH answered {(int)status}: {body}");
                    lock (acknowledged) acknowledged.Add(body.GetProperty("revision").GetInt32());
                }
                catch (HttpRequestException) { return; } // A is gone
            }
        });
        while (!writes.IsCompleted)
        {
            lock (acknowledged) if (acknowledged.Count >= 5) break;
            await Task.Delay(10);
        }
        a.Kill();
        await writes;

        int[] kept;
        lock (acknowledged) kept = [.. acknowledged];
        Assert.True(kept.Length >= 5, a.Output);
        var history = await MatchApiFactory.GetJsonAsync(clientB, "/api/v1/schemes/kakenhi/revisions");
        var stored = history.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).ToHashSet();
        Assert.All(kept, revision => Assert.Contains(revision, stored));
        var clock = Stopwatch.StartNew();
        while ((await MatchApiFactory.GetJsonAsync(clientB, "/api/v1/schemes/kakenhi")).GetProperty("revision").GetInt32() < stored.Max())
        {
            Assert.True(clock.Elapsed < Bound, "B serves the last committed revision within the bound");
            await Task.Delay(50);
        }
        Assert.True((await MatchApiFactory.GetJsonAsync(clientB, "/api/v1/schemes?pageSize=100")).GetProperty("total").GetInt32() > 10);
        var (status, _, _) = await SendAsync(clientB, Request(HttpMethod.Patch, "/api/v1/schemes/kakenhi", ifMatch: await ETagAsync(clientB, "kakenhi"),
            body: new JsonObject { ["aliases"] = new JsonArray("AfterTheCrash") }, contentType: "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, status);
    }
}

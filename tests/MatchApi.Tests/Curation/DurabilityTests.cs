using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static MatchApi.Tests.Curation.Curators;

namespace MatchApi.Tests.Curation;

/// <summary>
/// Nothing answered 2xx is lost, whatever happens to the process or its database file: kill -9 in the middle of writes,
/// a corrupt database at start, the database deleted while serving. Each test runs the built service as its own
/// process on its own SQLite file.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("matchapi-durability-");

    private string Database => Path.Combine(_work.FullName, "catalog.db");

    private sealed record Acknowledged(string Id, int Revision, string Summary);

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_in_the_middle_of_writing()
    {
        var data = RepositoryPaths.CopyOfData(_work.FullName);
        string[] schemes = ["mediso", "kakenhi", "innohub"];
        var acknowledged = new List<Acknowledged>();
        var random = new Random(20261201);
        for (var round = 0; round < 4; round++)
        {
            await using var server = ServerProcess.Start(Database, data);
            await server.WaitUntilReadyAsync();
            await VerifyAsync(server.Client, acknowledged, schemes);

            using var stop = new CancellationTokenSource();
            using var firstWrites = new CountdownEvent(schemes.Length);
            var writers = schemes.Select(id => WriteUntilKilledAsync(server.Client, id, round, firstWrites, stop.Token)).ToList();
            // Killed while every writer is under way, not before the first answer.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (firstWrites.CurrentCount > 0 && !writers.Any(w => w.IsFaulted) && waited.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            if (writers.FirstOrDefault(w => w.IsFaulted) is { } failed) await failed;
            Assert.True(firstWrites.CurrentCount == 0, $"round {round}: the writers got no answer:\n{server.Log}");
            await Task.Delay(random.Next(100, 900));
            await server.KillAsync();
            stop.Cancel();
            var written = (await Task.WhenAll(writers)).SelectMany(w => w).ToList();
            Assert.True(written.Count > 0, $"round {round}: no write was acknowledged before the kill");
            acknowledged.AddRange(written);
        }

        await using (var last = ServerProcess.Start(Database, data))
        {
            await last.WaitUntilReadyAsync();
            await VerifyAsync(last.Client, acknowledged, schemes);
            await last.StopAsync();
        }
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var check = new SqliteCommand("PRAGMA integrity_check", connection);
        Assert.Equal("ok", await check.ExecuteScalarAsync());
        await using var mode = new SqliteCommand("PRAGMA journal_mode", connection);
        Assert.Equal("wal", await mode.ExecuteScalarAsync());
    }

    /// <summary>Merge-patches the scheme's summary again and again; returns the writes answered 200, up to the kill.</summary>
    private static async Task<List<Acknowledged>> WriteUntilKilledAsync(HttpClient client, string id, int round, CountdownEvent firstWrites, CancellationToken stop)
    {
        var acknowledged = new List<Acknowledged>();
        var etag = await ETagAsync(client, id);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var summary = $"耐久試験 第{round}回 {n}番目の書き込み：この要約は kill -9 の確認用です。";
            try
            {
                using var response = await client.SendAsync(Request(HttpMethod.Patch, $"/api/v1/schemes/{id}", ifMatch: etag, note: $"耐久試験 {round}-{n}",
                    body: new JsonObject { ["summary"] = summary }, contentType: "application/merge-patch+json"), stop);
                var text = await response.Content.ReadAsStringAsync(stop);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH {id} answered {(int)response.StatusCode}: {text}");
                var revision = JsonDocument.Parse(text).RootElement.GetProperty("revision").GetInt32();
                acknowledged.Add(new Acknowledged(id, revision, summary));
                if (acknowledged.Count == 1) firstWrites.Signal();
                etag = response.Headers.ETag!.ToString();
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                break; // the process is gone: this write was never acknowledged
            }
        }
        return acknowledged;
    }

    /// <summary>Every acknowledged revision is there as written; every revision of the written schemes reads whole.</summary>
    private static async Task VerifyAsync(HttpClient client, IReadOnlyList<Acknowledged> acknowledged, IReadOnlyList<string> schemes)
    {
        foreach (var id in schemes)
        {
            var history = (await MatchApiFactory.GetJsonAsync(client, $"/api/v1/schemes/{id}/revisions")).GetProperty("items")
                .EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).ToList();
            Assert.Equal(Enumerable.Range(1, history.Count).Reverse(), history);
            var current = (await MatchApiFactory.GetJsonAsync(client, $"/api/v1/schemes/{id}")).GetProperty("revision").GetInt32();
            Assert.Equal(history.Count, current);
            Assert.True(current >= acknowledged.Where(a => a.Id == id).Select(a => a.Revision).DefaultIfEmpty(1).Max(),
                $"{id} is at revision {current}, behind an acknowledged write");
            foreach (var number in history)
            {
                var revision = await MatchApiFactory.GetJsonAsync(client, $"/api/v1/schemes/{id}/revisions/{number}");
                var summary = revision.GetProperty("record").GetProperty("summary").GetString()!;
                Assert.True(number == 1 || summary.StartsWith("耐久試験 ") && summary.EndsWith("の確認用です。"), $"{id} revision {number} is torn: {summary}");
            }
        }
        foreach (var write in acknowledged)
        {
            var revision = await MatchApiFactory.GetJsonAsync(client, $"/api/v1/schemes/{write.Id}/revisions/{write.Revision}");
            Assert.Equal(write.Summary, revision.GetProperty("record").GetProperty("summary").GetString());
        }
    }

    public static TheoryData<string, bool> Corruptions => new()
    {
        { "truncated", false }, { "truncated", true }, { "random", false }, { "random", true },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_corrupt_database_is_rebuilt_from_data_or_refused_with_a_non_zero_exit_when_it_holds_curated_revisions(string corruption, bool curated)
    {
        var data = RepositoryPaths.CopyOfData(_work.FullName);
        await using (var first = ServerProcess.Start(Database, data))
        {
            await first.WaitUntilReadyAsync();
            if (curated) await PatchAsync(first.Client, "mediso", new JsonObject { ["summary"] = "窓口で更新した要約です（破損試験）。" }, "破損試験");
            await first.StopAsync();
            Assert.Equal(0, first.ExitCode);
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(curated, File.Exists(Database + ".curated"));
        var length = new FileInfo(Database).Length;
        if (corruption == "truncated")
        {
            await using var file = new FileStream(Database, FileMode.Open);
            file.SetLength(length / 2);
        }
        else
        {
            var bytes = new byte[length];
            new Random(11).NextBytes(bytes);
            await File.WriteAllBytesAsync(Database, bytes);
        }
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(Database + suffix);
        var corrupt = await File.ReadAllBytesAsync(Database);

        await using var second = ServerProcess.Start(Database, data);
        if (curated)
        {
            var exitCode = await second.WaitForExitAsync();
            Assert.NotEqual(0, exitCode);
            Assert.Contains("is corrupt", second.Log);
            Assert.Contains("Restore it from a backup", second.Log);
            Assert.Equal(corrupt, await File.ReadAllBytesAsync(Database)); // left as it was, for the operator
        }
        else
        {
            await second.WaitUntilReadyAsync();
            var ready = await MatchApiFactory.GetJsonAsync(second.Client, "/health/ready");
            Assert.Equal(Directory.GetFiles(Path.Combine(data, "schemes")).Length, ready.GetProperty("schemes").GetInt32());
            Assert.Contains("rebuilding from data/", second.Log);
            var aside = Assert.Single(Directory.GetFiles(_work.FullName, "catalog.db.corrupt-*"));
            Assert.Equal(corrupt, await File.ReadAllBytesAsync(aside));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_database_deleted_while_serving_is_reported_not_ready_and_stops_the_service_which_rebuilds_it_from_data_only_when_it_held_nothing_else(bool curated)
    {
        var data = RepositoryPaths.CopyOfData(_work.FullName);
        var schemes = Directory.GetFiles(Path.Combine(data, "schemes")).Length;
        var statuses = new System.Collections.Concurrent.ConcurrentBag<(string Url, int Status, string Body)>();
        await using (var server = ServerProcess.Start(Database, data, new Dictionary<string, string> { ["Catalog__DatabaseCheckMilliseconds"] = "200" }))
        {
            await server.WaitUntilReadyAsync();
            if (curated) await PatchAsync(server.Client, "mediso", new JsonObject { ["summary"] = "窓口で更新した要約です（削除試験）。" }, "削除試験");

            // Readers and health keep asking while the file goes: the answers are 200 or 503, never a 500.
            using var watching = new CancellationTokenSource();
            async Task AskAsync(string url)
            {
                while (!watching.IsCancellationRequested)
                    try
                    {
                        using var response = await server.Client.GetAsync(url, watching.Token);
                        statuses.Add((url, (int)response.StatusCode, await response.Content.ReadAsStringAsync(watching.Token)));
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException) { await Task.Delay(10); }
            }
            var askers = new[] { "/health/ready", "/api/v1/schemes/mediso/revisions", "/api/v1/schemes?q=治験" }.Select(AskAsync).ToList();
            await Task.Delay(300);
            File.Delete(Database);

            var exitCode = await server.WaitForExitAsync();
            watching.Cancel();
            await Task.WhenAll(askers);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("was deleted while serving", server.Log);
            Assert.Contains(curated ? "restore the database from a backup" : "rebuilds it from data/", server.Log);
            Assert.False(File.Exists(Database), "an empty database was created in place of the deleted one");
        }
        Assert.Contains(statuses, s => s.Url == "/health/ready" && s.Status == 503 && s.Body.Contains("database_unavailable"));
        Assert.DoesNotContain(statuses, s => s.Status >= 500 && s.Status != 503);
        Assert.All(statuses.Where(s => s.Status == 503 && s.Url != "/health/ready"), s => Assert.Contains("\"status\":503", s.Body));

        await using var again = ServerProcess.Start(Database, data);
        if (curated)
        {
            Assert.NotEqual(0, await again.WaitForExitAsync());
            Assert.Contains("Restore the database from a backup", again.Log);
            Assert.False(File.Exists(Database), "an empty database was created in place of the deleted one");
        }
        else
        {
            await again.WaitUntilReadyAsync();
            Assert.Equal(schemes, (await MatchApiFactory.GetJsonAsync(again.Client, "/health/ready")).GetProperty("schemes").GetInt32());
            var history = (await MatchApiFactory.GetJsonAsync(again.Client, "/api/v1/schemes/mediso/revisions")).GetProperty("items");
            Assert.Equal("imported", Assert.Single(history.EnumerateArray()).GetProperty("kind").GetString());
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }
}

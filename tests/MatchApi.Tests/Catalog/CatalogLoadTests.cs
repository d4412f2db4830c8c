using System.Net;
using System.Text.Json;
using MatchApi.Tests.Hostile;
using MatchApi.Tests.Infrastructure;
using MatchApi.Catalog;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Search;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Catalog;

/// <summary>Creating, reloading and refusing to load the catalog, on real SQLite files.</summary>
public sealed class CatalogLoadTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("matchapi-load-");

    private string CopyOfData() => RepositoryPaths.CopyOfData(_work.FullName);

    private static async Task<JsonElement> Ready(HttpClient client)
    {
        await MatchApiFactory.WaitUntilReadyAsync(client);
        return await MatchApiFactory.GetJsonAsync(client, "/health/ready");
    }

    [Fact]
    public async Task A_missing_database_is_created_and_loaded_from_data()
    {
        var database = Path.Combine(_work.FullName, "new.db");
        Assert.False(File.Exists(database));
        using var factory = new MatchApiFactory(null, databasePath: database);
        using var client = factory.CreateClient();

        var ready = await Ready(client);

        Assert.True(File.Exists(database));
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Data, "schemes"), "*.json").Length;
        Assert.Equal(files, ready.GetProperty("schemes").GetInt32());
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var count = new SqliteCommand("SELECT count(*) FROM scheme_records", connection);
        Assert.Equal(files, Convert.ToInt32(count.ExecuteScalar()));
    }

    [Fact]
    public async Task A_new_database_is_indexed_while_it_is_written_and_a_restart_serves_that_index_as_it_is()
    {
        var database = Path.Combine(_work.FullName, "ahead.db");
        string version;
        var log = new LogCapture();
        using (var factory = new MatchApiFactory(null, databasePath: database))
        using (var first = log.Attach(factory))
        {
            using var client = first.CreateClient();
            await MatchApiFactory.WaitUntilReadyAsync(client);
            Assert.Contains(log.Entries, e => e.Message.StartsWith("Search index built while the database was written", StringComparison.Ordinal));
            var engine = first.Services.GetRequiredService<ISearchEngine>();
            version = first.Services.GetRequiredService<CatalogStore>().Current!.Version;
            Assert.Equal(version, engine.PublishedVersion);
            Assert.NotEqual(CatalogLoader.IndexedAheadVersion, version);
            var found = await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes?q=" + Uri.EscapeDataString("医工連携グローバル展開事業"));
            Assert.Equal("global-medtech-expansion", found.GetProperty("items")[0].GetProperty("id").GetString());
        }
        var commits = IndexCommits(database);

        using var second = new MatchApiFactory(null, databasePath: database);
        using var restarted = await second.ReadyClientAsync();
        // The catalog read back from the database is the one served from the import, at the same version.
        Assert.Equal(version, second.Services.GetRequiredService<CatalogStore>().Current!.Version);
        Assert.Equal(version, second.Services.GetRequiredService<ISearchEngine>().PublishedVersion);
        Assert.Equal(commits, IndexCommits(database));
    }

    /// <summary>The commit points of the index beside the database (a rebuild or a relabelling adds one).</summary>
    private static string[] IndexCommits(string database) =>
        Directory.GetFiles(database + ".index", "segments_*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public async Task Changed_data_is_reloaded_at_the_next_start_and_a_broken_file_leaves_the_previous_catalog_serving()
    {
        var data = CopyOfData();
        var database = Path.Combine(_work.FullName, "reload.db");
        string firstVersion;
        using (var first = new MatchApiFactory(data, databasePath: database))
        using (var client = first.CreateClient())
            firstVersion = (await Ready(client)).GetProperty("catalogVersion").GetString()!;

        var file = Path.Combine(data, "schemes", "mediso.json");
        var record = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        var changed = File.ReadAllText(file).Replace(record.GetProperty("summary").GetString()!, "要約を更新しました。テスト用の変更です。");
        File.WriteAllText(file, changed);

        using (var second = new MatchApiFactory(data, databasePath: database))
        using (var client = second.CreateClient())
        {
            var ready = await Ready(client);
            Assert.NotEqual(firstVersion, ready.GetProperty("catalogVersion").GetString());
            var detail = await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes/mediso");
            Assert.Equal("要約を更新しました。テスト用の変更です。", detail.GetProperty("summary").GetString());
        }

        File.WriteAllText(file, changed.Replace("\"soft\"", "\"cuddly\""));
        using (var third = new MatchApiFactory(data, OperatorAccess.Settings(), databasePath: database))
        using (var client = third.CreateClient())
        {
            var ready = await Ready(client);
            Assert.True(ready.GetProperty("lastLoadFailed").GetBoolean());
            Assert.Contains("unknown supportType code 'cuddly'", (await OperatorAccess.CatalogLoadAsync(client)).GetProperty("lastLoadError").GetString());
            var detail = await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes/mediso");
            Assert.Equal("要約を更新しました。テスト用の変更です。", detail.GetProperty("summary").GetString());
            Assert.Contains("soft", detail.GetProperty("supportTypes").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task Broken_data_with_no_previous_catalog_is_not_ready_and_says_why()
    {
        var data = CopyOfData();
        File.WriteAllText(Path.Combine(data, "schemes", "broken.json"), "{ \"id\": \"broken\", ");
        using var factory = new MatchApiFactory(data, OperatorAccess.Settings());
        using var client = factory.CreateClient();

        JsonElement body = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (body.TryGetProperty("lastLoadError", out var error) && error.ValueKind == JsonValueKind.String) break;
            await Task.Delay(100);
        }
        Assert.True(body.GetProperty("lastLoadFailed").GetBoolean());
        Assert.Contains("broken.json", (await OperatorAccess.CatalogLoadAsync(client)).GetProperty("lastLoadError").GetString());

        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var api = await client.GetAsync("/api/v1/schemes");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Two_instances_with_different_databases_run_side_by_side()
    {
        using var one = new MatchApiFactory(null);
        using var two = new MatchApiFactory(null);
        using var clientOne = await one.ReadyClientAsync();
        using var clientTwo = await two.ReadyClientAsync();

        var a = await MatchApiFactory.GetJsonAsync(clientOne, "/api/v1/schemes?pageSize=1");
        var b = await MatchApiFactory.GetJsonAsync(clientTwo, "/api/v1/schemes?pageSize=1");
        Assert.Equal(a.GetProperty("total").GetInt32(), b.GetProperty("total").GetInt32());
        Assert.NotEqual(one.DatabasePath, two.DatabasePath);
        Assert.True(File.Exists(one.DatabasePath) && File.Exists(two.DatabasePath));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }
}

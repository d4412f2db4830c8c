using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static MatchApi.Tests.Curation.Curators;

namespace MatchApi.Tests.Curation;

/// <summary>data/ and the database agree: imports as revisions, conflicts kept and reported, exports that import back unchanged.</summary>
public sealed class ImportExportTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("matchapi-import-");

    private string Database => Path.Combine(_work.FullName, "catalog.db");

    [Fact]
    public void Every_record_in_data_writes_back_byte_for_byte()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Data, "schemes"), "*.json"))
        {
            var text = File.ReadAllText(file);
            Assert.True(text == SchemeJson.Write(SchemeJson.Read(text)), $"{Path.GetFileName(file)} does not round-trip");
        }
    }

    [Fact]
    public async Task An_empty_database_imports_every_record_and_a_changed_file_is_the_next_revision()
    {
        var data = RepositoryPaths.CopyOfData(_work.FullName);
        using (var first = Curators.Factory(data, Database))
        using (var client = await first.ReadyClientAsync())
        {
            var history = await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes/mediso/revisions");
            var only = Assert.Single(history.GetProperty("items").EnumerateArray());
            Assert.Equal("data/", only.GetProperty("author").GetString());
            Assert.Equal("imported", only.GetProperty("kind").GetString());
            Assert.Equal(Directory.GetFiles(Path.Combine(data, "schemes")).Length,
                (await MatchApiFactory.GetJsonAsync(client, "/health/ready")).GetProperty("catalogRevision").GetInt64());
        }

        Rewrite(data, "mediso", record => record["summary"] = "data/ で要約を改訂しました。");
        using (var second = Curators.Factory(data, Database))
        using (var client = await second.ReadyClientAsync())
        {
            var items = (await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes/mediso/revisions")).GetProperty("items");
            Assert.Equal(2, items.GetArrayLength());
            Assert.Contains("changed in data/", items[0].GetProperty("note").GetString());
            var patch = items[0].GetProperty("patch");
            Assert.Equal("/summary", Assert.Single(patch.EnumerateArray()).GetProperty("path").GetString());
            Assert.Single((await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes/kakenhi/revisions")).GetProperty("items").EnumerateArray());
            Assert.Equal("data/ で要約を改訂しました。", (await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes/mediso")).GetProperty("summary").GetString());
            Assert.Equal(Directory.GetFiles(Path.Combine(data, "schemes")).Length + 1,
                (await MatchApiFactory.GetJsonAsync(client, "/health/ready")).GetProperty("catalogRevision").GetInt64());
        }
    }

    [Fact]
    public async Task A_file_changed_after_an_API_edit_keeps_the_edit_and_reports_the_conflict_until_exported()
    {
        var data = RepositoryPaths.CopyOfData(_work.FullName);
        using (var first = Curators.Factory(data, Database))
        using (var client = await first.ReadyClientAsync())
            await PatchAsync(client, "mediso", new JsonObject { ["summary"] = "APIで更新した要約です。" }, "窓口で要約を更新");

        Rewrite(data, "mediso", record => record["summary"] = "ファイルで更新した要約です。");
        using (var second = Curators.Factory(data, Database))
        using (var client = await second.ReadyClientAsync())
        {
            Assert.Equal("APIで更新した要約です。", (await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes/mediso")).GetProperty("summary").GetString());
            Assert.Equal(1, (await MatchApiFactory.GetJsonAsync(client, "/health/ready")).GetProperty("importConflicts").GetInt32());

            var anonymous = await client.GetAsync("/api/v1/curation/conflicts");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            var (status, conflicts, _) = await SendAsync(client, Request(HttpMethod.Get, "/api/v1/curation/conflicts", note: null));
            Assert.Equal(HttpStatusCode.OK, status);
            var conflict = Assert.Single(conflicts.GetProperty("items").EnumerateArray());
            Assert.Equal("mediso", conflict.GetProperty("schemeId").GetString());
            Assert.Equal(2, conflict.GetProperty("keptRevision").GetInt32());
            Assert.Equal("ファイルで更新した要約です。", conflict.GetProperty("fileRecord").GetProperty("summary").GetString());
            Assert.Equal("/summary", conflict.GetProperty("patch")[0].GetProperty("path").GetString());
            Assert.Equal(2, (await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes/mediso/revisions")).GetProperty("items").GetArrayLength());
        }

        var export = await RunServiceAsync(data, "export");
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.Contains("APIで更新した要約です。", File.ReadAllText(Path.Combine(data, "schemes", "mediso.json")));
        using (var third = Curators.Factory(data, Database))
        using (var client = await third.ReadyClientAsync())
        {
            Assert.Equal(0, (await MatchApiFactory.GetJsonAsync(client, "/health/ready")).GetProperty("importConflicts").GetInt32());
            Assert.Equal(2, (await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes/mediso/revisions")).GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public async Task Export_then_import_is_the_identity()
    {
        var data = RepositoryPaths.CopyOfData(_work.FullName);
        byte[] zip;
        Dictionary<string, string> records;
        using (var first = Curators.Factory(data, Database))
        using (var client = await first.ReadyClientAsync())
        {
            await PatchAsync(client, "kakenhi", new JsonObject
            {
                ["url"] = "https://www.jsps.go.jp/j-grantsinaid/",
                ["urlSource"] = new JsonObject { ["url"] = "https://www.jsps.go.jp/j-grantsinaid/", ["checkedOn"] = Day(0) },
                ["calls"] = new JsonArray(Call("令和9年度 公募", Day(10), Day(40) + "T16:30:00+09:00")),
            });
            var retire = await SendAsync(client, Request(HttpMethod.Delete, "/api/v1/schemes/who-prequalification", ifMatch: await ETagAsync(client, "who-prequalification"), note: "廃止"));
            Assert.Equal(HttpStatusCode.OK, retire.Status);

            var (status, _, _) = await SendAsync(client, Request(HttpMethod.Get, "/api/v1/curation/export", key: ReaderKey, note: null));
            Assert.Equal(HttpStatusCode.Forbidden, status);
            using var response = await client.SendAsync(Request(HttpMethod.Get, "/api/v1/curation/export", note: null));
            Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
            zip = await response.Content.ReadAsByteArrayAsync();
            records = await RecordsAsync(client);
        }

        var exported = Directory.CreateDirectory(Path.Combine(_work.FullName, "exported")).FullName;
        ZipFile.ExtractToDirectory(new MemoryStream(zip), exported);
        Directory.CreateDirectory(Path.Combine(exported, "seeds"));
        File.Copy(Path.Combine(data, "seeds", "documents.json"), Path.Combine(exported, "seeds", "documents.json"));
        File.Copy(Path.Combine(data, "synonyms.txt"), Path.Combine(exported, "synonyms.txt"));
        Assert.False(File.Exists(Path.Combine(exported, "schemes", "who-prequalification.json")));
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Data, "scheme.schema.json"));
        var kakenhi = await File.ReadAllTextAsync(Path.Combine(exported, "schemes", "kakenhi.json"));
        Assert.Contains("\"calls\"", kakenhi);
        var errors = schema.Validate(kakenhi);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));

        using var imported = Curators.Factory(exported, Path.Combine(_work.FullName, "imported.db"));
        using var importedClient = await imported.ReadyClientAsync();
        var importedRecords = await RecordsAsync(importedClient);
        Assert.Equal(records.Keys.Order(), importedRecords.Keys.Order());
        foreach (var (id, record) in records) Assert.True(record == importedRecords[id], $"{id} changed through export and import");

        using var again = await importedClient.SendAsync(Request(HttpMethod.Get, "/api/v1/curation/export", note: null));
        var second = await again.Content.ReadAsByteArrayAsync();
        Assert.Equal(Entries(zip), Entries(second));
    }

    private static async Task<Dictionary<string, string>> RecordsAsync(HttpClient client)
    {
        var list = await MatchApiFactory.GetJsonAsync(client, "/api/v1/schemes?pageSize=100");
        var records = new Dictionary<string, string>();
        foreach (var id in list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!))
            records[id] = (await RecordAsync(client, id)).Record.ToJsonString();
        return records;
    }

    private static Dictionary<string, string> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.FullName, e => new StreamReader(e.Open()).ReadToEnd());
    }

    private static void Rewrite(string data, string id, Action<JsonObject> change)
    {
        var file = Path.Combine(data, "schemes", id + ".json");
        var record = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        change(record);
        File.WriteAllText(file, SchemeJson.Write(SchemeJson.Read(record.ToJsonString())));
    }

    /// <summary>The built service as a command (dotnet MatchApi.dll …), on this test's database and data.</summary>
    private async Task<(int ExitCode, string Output)> RunServiceAsync(string data, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MatchApi.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ConnectionStrings__Catalog"] = $"Data Source={Database}";
        start.Environment["Catalog__DataPath"] = data;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using MatchApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace MatchApi.Tests.Catalog;

/// <summary>
/// The seed document registry and the money fields through the real pipeline: what a detail says about where a
/// figure comes from and whose it is, and that a catalog citing an unregistered document is refused at load.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SourceRegistryTests(ReadyApp app) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("matchapi-registry-");

    [Fact]
    public async Task Every_source_in_a_detail_carries_its_documents_title_publisher_and_date_beside_file_and_lines()
    {
        var registry = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, "documents.json")))!.AsArray()
            .ToDictionary(d => d!["file"]!.GetValue<string>());
        var list = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes?pageSize=100");
        foreach (var id in list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!))
        {
            var detail = await MatchApiFactory.GetJsonAsync(app.Client, $"/api/v1/schemes/{id}");
            foreach (var source in detail.GetProperty("sources").EnumerateArray())
            {
                var entry = registry[source.GetProperty("document").GetString()!]!;
                Assert.False(string.IsNullOrEmpty(source.GetProperty("lines").GetString()));
                Assert.Equal(entry["title"]!.GetValue<string>(), source.GetProperty("title").GetString());
                Assert.Equal(entry["publisher"]?.GetValue<string>(), source.GetProperty("publisher").GetString());
                Assert.Equal(entry["date"]?.GetValue<string>(), source.GetProperty("date").GetString());
                Assert.Equal(entry["dateText"]?.GetValue<string>(), source.GetProperty("dateText").GetString());
            }
        }
    }

    [Fact]
    public async Task A_predecessors_budget_is_named_as_its_and_a_sub_programme_points_to_its_parents_budget()
    {
        var successor = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes/device-research-deployment");
        var budgets = successor.GetProperty("budgets").EnumerateArray().ToList();
        Assert.All(budgets.Where(b => b.GetProperty("fiscalYear").GetInt32() < 2022), b =>
            Assert.Equal("advanced-measurement-device-program", b.GetProperty("belongsTo").GetProperty("id").GetString()));
        Assert.All(budgets.Where(b => b.GetProperty("fiscalYear").GetInt32() >= 2022), b =>
            Assert.Equal(JsonValueKind.Null, b.GetProperty("belongsTo").ValueKind));
        // The predecessor's figures do not make the successor's budget: sort=budget ranks it by its own latest (2024 request 1,216).
        Assert.Equal(JsonValueKind.Null, successor.GetProperty("parentBudget").ValueKind);

        var rd = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes/global-medtech-expansion-rd");
        Assert.Empty(rd.GetProperty("budgets").EnumerateArray());
        Assert.Equal("global-medtech-expansion", rd.GetProperty("parentBudget").GetProperty("id").GetString());
        var parent = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes/global-medtech-expansion");
        Assert.NotEmpty(parent.GetProperty("budgets").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, parent.GetProperty("parentBudget").ValueKind);
    }

    [Fact]
    public async Task A_programme_the_seeds_say_has_ended_is_not_listed_as_running()
    {
        // 003: 753 — 次世代医療機器連携拠点整備等事業（令和元～５年度実施事業）.
        var running = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes?activeOn=2026-04-01&pageSize=100");
        var ids = running.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("next-gen-device-hubs", ids);
        Assert.DoesNotContain("translational-research-strategic-program", ids);
        Assert.Contains("translational-research-program", ids);
        var then = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes?activeOn=2023-10-01&pageSize=100");
        Assert.Contains(then.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == "next-gen-device-hubs");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_new_fields()
    {
        var document = (await MatchApiFactory.GetJsonAsync(app.Client, "/openapi/v1.json")).GetRawText();
        foreach (var field in new[] { "belongsTo", "parentBudget", "openToAllApplicants", "primaryNeeds", "dateText", "publisher" })
            Assert.Contains($"\"{field}\"", document);
        Assert.Contains("Stage codes the cap applies to", document);
        Assert.Contains("another scheme's", document);
    }

    [Fact]
    public async Task A_catalog_citing_an_unregistered_document_is_refused_and_says_which()
    {
        var data = RepositoryPaths.CopyOfData(_work.FullName);
        var registry = Path.Combine(data, "seeds", "documents.json");
        var entries = JsonNode.Parse(File.ReadAllText(registry))!.AsArray();
        entries.RemoveAt(entries.Select(e => e!["file"]!.GetValue<string>()).ToList().IndexOf("004_bc6e72f719cc4e4b.txt"));
        File.WriteAllText(registry, entries.ToJsonString());

        using var factory = new MatchApiFactory(data, Hostile.OperatorAccess.Settings(), databasePath: Path.Combine(_work.FullName, "refused.db"));
        using var client = factory.CreateClient();
        string? error = null;
        for (var attempt = 0; attempt < 100 && error is null; attempt++)
        {
            var detail = await Hostile.OperatorAccess.CatalogLoadAsync(client);
            if (detail.GetProperty("lastLoadError").ValueKind == JsonValueKind.String) error = detail.GetProperty("lastLoadError").GetString();
            else await Task.Delay(100);
        }
        Assert.NotNull(error);
        Assert.Contains("unknown source document '004_bc6e72f719cc4e4b.txt' (not in data/seeds/documents.json)", error);
        Assert.Contains("global-medtech-expansion-rd", error);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }
}

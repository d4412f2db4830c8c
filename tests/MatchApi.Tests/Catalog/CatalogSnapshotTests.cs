using MatchApi.Catalog;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Catalog;

/// <summary>The catalog as served from data/'s records: completed and resolved on copies, repeated values held once.</summary>
public sealed class CatalogSnapshotTests
{
    private static CatalogSnapshot Load(out IReadOnlyDictionary<string, string> jsonById)
    {
        var files = new CatalogFiles(RepositoryPaths.Data);
        var (documents, _) = files.ReadDocuments();
        var json = Directory.GetFiles(Path.Combine(RepositoryPaths.Data, "schemes"), "*.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllText);
        jsonById = json;
        return new CatalogSnapshot(json.Values.Select(j => new CuratedScheme(SchemeJson.Read(j), 1, false)).ToList(), documents, 1, DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Relations_are_completed_and_sources_resolved_on_the_served_copy_while_the_curated_record_stays_as_written()
    {
        var catalog = Load(out var json);
        // advanced-measurement-device-program names device-research-deployment as its successor; only the served copy names the predecessor back.
        var served = catalog.Find("device-research-deployment")!;
        var curated = catalog.Curated["device-research-deployment"].Record;
        Assert.Contains(served.Related, r => r.RelationType == "predecessor" && r.Id == "advanced-measurement-device-program");
        Assert.DoesNotContain(curated.Related, r => r.RelationType == "predecessor" && r.Id == "advanced-measurement-device-program");
        Assert.All(served.Sources, s => Assert.NotNull(s.Title));
        Assert.All(curated.Sources, s => Assert.Null(s.Title));
        Assert.All(catalog.Curated.Values, c => Assert.Equal(json[c.Record.Id], SchemeJson.Write(c.Record)));
    }

    [Fact]
    public void Values_that_repeat_across_records_are_one_string_each()
    {
        var catalog = Load(out _);
        var documents = catalog.Schemes.SelectMany(s => s.Sources).GroupBy(s => s.Document).Where(g => g.Count() > 1).ToList();
        Assert.NotEmpty(documents);
        Assert.All(documents, g => Assert.All(g, s => Assert.Same(g.First().Document, s.Document)));
        var stages = catalog.Schemes.SelectMany(s => s.Stages).GroupBy(code => code).Where(g => g.Count() > 1).ToList();
        Assert.NotEmpty(stages);
        Assert.All(stages, g => Assert.All(g, code => Assert.Same(g.First(), code)));
    }
}

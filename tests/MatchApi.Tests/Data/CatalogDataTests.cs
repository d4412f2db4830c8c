using System.Text.Json;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;
using MatchApi.Tests.Infrastructure;
using NJsonSchema;

namespace MatchApi.Tests.Data;

/// <summary>The curated files themselves: schema, sources, relations, uniqueness.</summary>
public sealed class CatalogDataTests
{
    private static readonly CatalogFiles Files = new(RepositoryPaths.Data);
    private static IReadOnlyList<SeedDocument> Documents => Files.ReadDocuments().Documents;

    public static TheoryData<string> SchemeFiles() => new(Files.SchemeFiles().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(SchemeFiles))]
    public async Task Every_record_validates_against_the_json_schema(string file)
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Data, "scheme.schema.json"));
        var errors = schema.Validate(await File.ReadAllTextAsync(Path.Combine(Files.SchemesDirectory, file)));
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public void The_catalog_passes_the_rules_the_loader_enforces()
    {
        var (schemes, problems) = Files.Read();
        Assert.Empty(problems);
        var (documents, documentProblems) = Files.ReadDocuments();
        Assert.Empty(documentProblems);
        Assert.Empty(CatalogRules.ValidateDocuments(documents));
        Assert.Empty(CatalogRules.Validate(schemes, documents));
    }

    [Fact]
    public void The_catalog_covers_the_schemes_of_the_seeds()
    {
        var (schemes, _) = Files.Read();
        Assert.True(schemes.Count >= 35, $"only {schemes.Count} records");
        Assert.Contains(schemes, s => s.Parent is not null);
        Assert.Contains(schemes, s => s.Related.Any(r => r.RelationType == "renamed_to"));
    }

    [Fact]
    public void Every_source_range_exists_in_its_seed_file()
    {
        var (schemes, _) = Files.Read();
        var lineCounts = Documents.ToDictionary(d => d.File, d => File.ReadAllLines(Path.Combine(RepositoryPaths.Seeds, d.File)).Length);
        foreach (var source in schemes.SelectMany(s => s.Sources.Select(x => (s.Id, x))))
        {
            var bounds = source.x.Lines.Split('-').Select(int.Parse).ToArray();
            Assert.True(bounds[0] >= 1 && bounds[^1] >= bounds[0] && bounds[^1] <= lineCounts[source.x.Document],
                $"{source.Id}: {source.x.Document} lines {source.x.Lines} (file has {lineCounts[source.x.Document]})");
        }
    }

    [Fact]
    public void Every_record_name_is_printed_in_a_cited_seed_range()
    {
        var (schemes, _) = Files.Read();
        var seeds = Documents.ToDictionary(d => d.File, d => File.ReadAllLines(Path.Combine(RepositoryPaths.Seeds, d.File)));
        foreach (var scheme in schemes)
        {
            var cited = string.Concat(scheme.Sources.SelectMany(x =>
            {
                var b = x.Lines.Split('-').Select(int.Parse).ToArray();
                return seeds[x.Document][(b[0] - 1)..b[^1]];
            }));
            var folded = SeedText.Fold(cited);
            Assert.True(scheme.Aliases.Prepend(scheme.Name).Any(n => folded.Contains(SeedText.Fold(n))),
                $"{scheme.Id}: neither '{scheme.Name}' nor an alias appears in its cited lines");
        }
    }

    [Fact]
    public void A_record_that_breaks_a_rule_is_reported()
    {
        var broken = new Scheme
        {
            Id = "broken", Name = "壊れた制度", Summary = "テスト用の壊れたレコードです。", Stages = ["phase_9"], Parent = "missing-parent",
            Related = [new Relation { RelationType = "renamed_to", Id = "nowhere" }],
        };
        var problems = CatalogRules.Validate([broken], Documents);
        Assert.Contains(problems, p => p.Contains("unknown stage code 'phase_9'"));
        Assert.Contains(problems, p => p.Contains("no sources"));
        Assert.Contains(problems, p => p.Contains("parent 'missing-parent' does not exist"));
        Assert.Contains(problems, p => p.Contains("renamed_to 'nowhere' does not exist"));
    }
}

/// <summary>Folds PDF-extraction noise (widths, Kangxi look-alikes, line breaks) so seed text can be compared with curated text.</summary>
public static class SeedText
{
    public static string Fold(string text)
    {
        var normalized = text.Normalize(System.Text.NormalizationForm.FormKC);
        return new string(normalized.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
    }
}

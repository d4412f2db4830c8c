namespace MatchApi.Search.Tests;

/// <summary>A small synthetic catalog, its schema and synonyms, for engine tests that must not depend on the curated data.</summary>
public static class EngineFixture
{
    public static readonly SearchSchema Schema = new(
        [new FacetDefinition("stage", ["basic", "clinical", "market"]), new FacetDefinition("type", ["funding", "soft"])],
        ["start", "end", "budget"]);

    private static SearchDocument D(string id, string name, string[] aliases, string[] keywords, string summary, string body, string[] stages, string[] types,
        int? start = null, int? end = null, long? budget = null) => new(id, name, aliases, keywords, summary, body)
    {
        Facets = new Dictionary<string, IReadOnlyCollection<string>> { ["stage"] = stages, ["type"] = types },
        Numbers = new Dictionary<string, long?> { ["start"] = start, ["end"] = end, ["budget"] = budget }
            .Where(n => n.Value is not null).ToDictionary(n => n.Key, n => n.Value!.Value),
    };

    public static readonly SearchDocument[] Documents =
    [
        D("mediso", "医療系ベンチャー・トータルサポート事業", ["MEDISO"], ["相談", "ベンチャー"], "医療系ベンチャーの相談窓口です。", "厚生労働省", ["basic", "clinical", "market"], ["soft"], 2018),
        D("global", "医工連携グローバル展開事業", ["旧・医工連携イノベーション推進事業"], ["米国", "海外展開"], "非臨床から臨床の医療機器開発を支援します。", "経済産業省 補助率2/3", ["clinical"], ["funding"], 2025, 2030, 3_000_000),
        D("pmda", "PMDA相談業務", [], ["薬事相談", "治験相談"], "承認申請に向けた薬事の相談です。", "<script>alert(1)</script> & co", ["clinical", "market"], ["soft"]),
        D("kaken", "科学研究費助成事業", ["科研費"], ["学術研究"], "研究者の自由な発想に基づく学術研究を支援。", "文部科学省", ["basic"], ["funding"], 1965, null, 200_000_000),
        D("device-net", "医療機器開発支援ネットワーク事業", [], ["伴走支援"], "医療機器の事業化を伴走支援します。", "経済産業省", ["clinical", "market"], ["soft"], 2014),
        D("trial", "臨床試験推進事業", [], [], "臨床試験の実施を支援します。", "", [], ["funding"], 2010, 2020, 500_000),
        D("scattered", "現場導入事業", [], [], "臨床の現場で新しい機器を試験的に導入します。", "", [], ["funding"]),
    ];

    /// <summary>The fixture's schemes again and again, each copy with its own name, stages and numbers.</summary>
    public static IEnumerable<SearchDocument> Copies(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var template = Documents[i % Documents.Length];
        string[] stages = [.. new[] { "basic", "clinical", "market" }.Where((_, s) => (i >> s) % 2 == 1)];
        return template with
        {
            Id = $"{template.Id}-{i:D3}",
            Name = $"{template.Name}（第{i}期）",
            Facets = new Dictionary<string, IReadOnlyCollection<string>> { ["stage"] = stages, ["type"] = template.Facets["type"] },
            Numbers = i % 5 == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["start"] = 2000 + i % 30, ["budget"] = 1_000 * (i % 17) },
        };
    });

    /// <summary>The tests' synonyms (engine-synonyms.txt, copied beside the test assembly).</summary>
    public static string SynonymsFile() => Path.Combine(AppContext.BaseDirectory, "engine-synonyms.txt");

    public static LuceneSearchEngine Engine(string? indexDirectory = null, string? dictionary = null, SearchSchema? schema = null)
    {
        var options = new SearchEngineOptions { SynonymsPath = SynonymsFile(), IndexDirectory = indexDirectory };
        var engine = new LuceneSearchEngine(dictionary is null ? options : options with { DictionaryDirectory = dictionary }, schema ?? Schema);
        engine.Publish("v1", Documents);
        return engine;
    }
}

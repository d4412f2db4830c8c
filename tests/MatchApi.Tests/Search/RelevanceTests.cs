using System.Globalization;
using System.Text;
using System.Text.Json;
using MatchApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace MatchApi.Tests.Search;

/// <summary>
/// The golden queries (written from the seeds, the way startups and desk consultants type) through the real search
/// endpoint, against a plain SQL LIKE baseline over the same SQLite file, in the same run.
/// The report goes to the test output and to relevance-report.md beside the test assembly.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RelevanceTests(ReadyApp app, ITestOutputHelper output)
{
    private const int Depth = 10;

    [Fact]
    public async Task Golden_queries_reach_recall_at_10_of_095_and_MRR_of_09_and_beat_the_LIKE_baseline()
    {
        var queries = GoldenQuery.All;
        var ours = new List<Ranking>();
        var baseline = new List<Ranking>();
        using var connection = new SqliteConnection($"Data Source={app.Factory.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        foreach (var query in queries)
        {
            var (results, allWords) = await SearchAsync(query.Q);
            ours.Add(new Ranking(query, results, allWords));
            var (likeResults, likeAllWords) = LikeBaseline.Search(connection, query.Q, Depth);
            baseline.Add(new Ranking(query, likeResults, likeAllWords));
        }

        var report = Report(ours, baseline);
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "relevance-report.md"), report);

        var (recall, mrr) = (ours.Average(r => r.Recall), ours.Average(r => r.ReciprocalRank));
        var (likeRecall, likeMrr) = (baseline.Average(r => r.Recall), baseline.Average(r => r.ReciprocalRank));
        Assert.True(recall >= 0.95, $"recall@10 {recall:F3} is below 0.95");
        Assert.True(mrr >= 0.9, $"MRR {mrr:F3} is below 0.9");
        Assert.True(recall > likeRecall, $"recall@10 {recall:F3} does not beat LIKE's {likeRecall:F3}");
        Assert.True(mrr > likeMrr, $"MRR {mrr:F3} does not beat LIKE's {likeMrr:F3}");
        var (allWordsShare, likeAllWordsShare) = (ours.Average(r => r.AllWordsShare), baseline.Average(r => r.AllWordsShare));
        Assert.True(allWordsShare >= 0.85, $"only {allWordsShare:F3} of the golden queries are answered with all their words");
        Assert.True(allWordsShare > likeAllWordsShare, $"{allWordsShare:F3} of the queries answered with all their words does not beat LIKE's {likeAllWordsShare:F3}");
    }

    [Fact]
    public void The_golden_set_is_large_varied_and_names_only_catalog_schemes()
    {
        var queries = GoldenQuery.All;
        Assert.True(queries.Count >= 50, $"only {queries.Count} golden queries");
        Assert.Equal(queries.Count, queries.Select(q => q.Id).Distinct().Count());
        Assert.True(queries.Select(q => q.Kind).Distinct().Count() >= 8, "the golden set covers too few kinds of phrasing");
        var ids = Directory.GetFiles(Path.Combine(RepositoryPaths.Data, "schemes"), "*.json").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.All(queries, q =>
        {
            Assert.NotEmpty(q.Expected);
            Assert.InRange(q.Top3.Count, 0, 3);
            Assert.All(q.Expected, id => Assert.Contains(id, ids));
        });
    }

    private async Task<(IReadOnlyList<string> Results, bool AllWords)> SearchAsync(string q)
    {
        var body = await MatchApiFactory.GetJsonAsync(app.Client, $"/api/v1/schemes?q={Uri.EscapeDataString(q)}&pageSize={Depth}");
        return (body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList(),
            body.GetProperty("matchMode").GetString() == "all_terms");
    }

    private static string Report(List<Ranking> ours, List<Ranking> baseline)
    {
        static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine($"# Search relevance: {ours.Count} golden queries").AppendLine();
        text.AppendLine("| engine | recall@10 | MRR | top-3 met | all words matched |").AppendLine("|---|---|---|---|---|");
        foreach (var (name, rankings) in new[] { ("MatchApi (Lucene.Net BM25: MeCab + bigrams)", ours), ("SQL LIKE substring baseline", baseline) })
            text.AppendLine($"| {name} | {F(rankings.Average(r => r.Recall))} | {F(rankings.Average(r => r.ReciprocalRank))} | {F(rankings.Average(r => r.Top3Met ? 1.0 : 0.0))} | {F(rankings.Average(r => r.AllWordsShare))} |");

        text.AppendLine().AppendLine("| kind | queries | recall@10 | MRR | LIKE recall@10 | LIKE MRR |").AppendLine("|---|---|---|---|---|---|");
        foreach (var kind in ours.GroupBy(r => r.Query.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var like = baseline.Where(r => r.Query.Kind == kind.Key).ToList();
            text.AppendLine($"| {kind.Key} | {kind.Count()} | {F(kind.Average(r => r.Recall))} | {F(kind.Average(r => r.ReciprocalRank))} | {F(like.Average(r => r.Recall))} | {F(like.Average(r => r.ReciprocalRank))} |");
        }

        var misses = ours.Where(r => r.Recall < 1 || !r.Top3Met).ToList();
        text.AppendLine().AppendLine($"## Queries not fully met ({misses.Count})").AppendLine();
        foreach (var miss in misses)
            text.AppendLine($"- `{miss.Query.Id}` 「{miss.Query.Q}」 expected top-3 [{string.Join(", ", miss.Query.Top3)}] top-10 [{string.Join(", ", miss.Query.Top10)}], got [{string.Join(", ", miss.Results)}]");
        return text.ToString();
    }

    /// <param name="AllWords">Whether the results match every word of the query, not the any-word fallback that says none did.</param>
    private sealed record Ranking(GoldenQuery Query, IReadOnlyList<string> Results, bool AllWords)
    {
        public double AllWordsShare => AllWords ? 1 : 0;

        private IEnumerable<string> TopResults => Results.Take(Depth);

        public double Recall => (double)Query.Expected.Count(TopResults.Contains) / Query.Expected.Count;

        /// <summary>1 / rank of the first expected scheme, 0 when none is in the top 10.</summary>
        public double ReciprocalRank => TopResults.Select((id, index) => Query.Expected.Contains(id) ? 1.0 / (index + 1) : 0).DefaultIfEmpty(0).Max();

        public bool Top3Met => Query.Top3.All(Results.Take(3).Contains);
    }
}

/// <summary>One golden query: the schemes that must be in the top 3, and further ones that must be in the top 10.</summary>
public sealed record GoldenQuery(string Id, string Kind, string Q, IReadOnlyList<string> Top3, IReadOnlyList<string> Top10, string Why)
{
    public static IReadOnlyList<GoldenQuery> All { get; } = Load();

    public IReadOnlyList<string> Expected => [.. Top3, .. Top10];

    private static List<GoldenQuery> Load()
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "MatchApi.Tests", "Search", "golden-queries.json");
        using var file = File.OpenRead(path);
        var root = JsonDocument.Parse(file).RootElement;
        return root.GetProperty("queries").Deserialize<List<GoldenQuery>>(MatchApiFactory.Json)!;
    }
}

/// <summary>
/// What a plain SQL search would do: every whitespace-separated word as a LIKE substring over the scheme's name,
/// aliases, keywords, summary, eligibility and agency (any word when no scheme has them all), name matches first.
/// The record is named r.Json: inside json_each, a bare Json is json_each's own json column, which left aliases and
/// keywords out of the baseline.
/// </summary>
internal static class LikeBaseline
{
    private const string Documents = """
        WITH docs AS (
          SELECT r.Id,
                 json_extract(r.Json, '$.name') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(r.Json, '$.aliases')), '') AS title,
                 coalesce((SELECT group_concat(value, ' ') FROM json_each(r.Json, '$.keywords')), '') || ' ' || json_extract(r.Json, '$.summary') || ' ' ||
                 coalesce(json_extract(r.Json, '$.eligibility'), '') || ' ' || coalesce(json_extract(r.Json, '$.agency'), '') AS body
          FROM scheme_records AS r WHERE NOT r.Retired)
        """;

    /// <returns>The best ids, and whether they match every word (AND) rather than any (OR).</returns>
    public static (IReadOnlyList<string> Results, bool AllWords) Search(SqliteConnection connection, string query, int limit)
    {
        var words = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return ([], false);
        return Run(connection, words, " AND ", limit) is { Count: > 0 } all ? (all, true) : (Run(connection, words, " OR ", limit), false);
    }

    private static List<string> Run(SqliteConnection connection, string[] words, string joiner, int limit)
    {
        using var command = connection.CreateCommand();
        var conditions = new List<string>();
        var titleHits = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            command.Parameters.AddWithValue($"$w{i}", "%" + words[i].Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%");
            conditions.Add($"(title LIKE $w{i} ESCAPE '\\' OR body LIKE $w{i} ESCAPE '\\')");
            titleHits.Add($"(title LIKE $w{i} ESCAPE '\\')");
        }
        command.CommandText = $"{Documents} SELECT Id FROM docs WHERE {string.Join(joiner, conditions)} " +
                              $"ORDER BY {string.Join(" + ", titleHits)} DESC, {string.Join(" + ", conditions)} DESC, Id LIMIT {limit}";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }
}

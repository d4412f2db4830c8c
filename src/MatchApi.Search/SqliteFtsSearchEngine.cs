using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MatchApi.Search.Analysis;
using Microsoft.Data.Sqlite;

namespace MatchApi.Search;

public sealed record SearchEngineOptions
{
    /// <summary>data/synonyms.txt; null for none.</summary>
    public string? SynonymsPath { get; init; }

    /// <summary>MeCab dictionary folder; null for the system default (/etc/mecabrc: Debian's IPADIC).</summary>
    public string? DictionaryDirectory { get; init; }

    /// <summary>false forces bigram-only analysis (as when MeCab is missing).</summary>
    public bool UseMeCab { get; init; } = true;
}

/// <summary>
/// Japanese full-text search in SQLite FTS5. Each field is indexed twice, as MeCab/IPADIC terms and as CJK bigrams,
/// in one FTS5 table with the 'ascii' tokenizer (analysed terms are space-separated; non-ASCII characters stay inside
/// terms). Queries are built from analysed tokens only, never from raw user syntax.
/// </summary>
public sealed class SqliteFtsSearchEngine : ISearchEngine, IDisposable
{
    public const int MaxQueryLength = 1000;

    private static readonly string[] Fields = ["name", "aliases", "keywords", "summary", "body", "tags"];

    /// <summary>Fields shown as highlights (tags are classification labels, not text a user would want to read).</summary>
    private const int HighlightedFields = 5;

    /// <summary>BM25 weights: id, then morphological name/aliases/keywords/summary/body/tags, then the same as bigrams.</summary>
    private const string Bm25Weights = "0, 10, 10, 5, 2, 1, 0.5, 4, 4, 2, 0.8, 0.4, 0.2";

    internal static readonly string MorphColumns = "{" + string.Join(" ", Fields.Select(f => "m_" + f)) + "}";
    internal static readonly string BigramColumns = "{" + string.Join(" ", Fields.Select(f => "b_" + f)) + "}";

    private readonly MeCab? _mecab;
    private readonly JapaneseAnalyzer _analyzer;
    private readonly Synonyms _synonyms;
    /// <summary>
    /// Analyses of the stored field texts, reused for highlighting (also after a restart that kept the index). Only texts
    /// of the catalog are kept, never query texts, so memory stays bounded by the catalog.
    /// </summary>
    private volatile ConcurrentDictionary<string, FieldAnalysis> _storedFieldAnalyses = new();

    /// <summary>How many documents the index holds (for word rarity), or -1 until read: once after each rebuild, not per search.</summary>
    private volatile int _documentCount = -1;

    public SqliteFtsSearchEngine(SearchEngineOptions options)
    {
        string? error = "MeCab is disabled by configuration; search uses character bigrams only.";
        _mecab = options.UseMeCab ? MeCab.TryLoad(options.DictionaryDirectory, out error) : null;
        _analyzer = new JapaneseAnalyzer(_mecab);
        _synonyms = Synonyms.Load(options.SynonymsPath);
        Status = _mecab is not null
            ? new AnalyzerStatus(AnalysisMode.Morphological, null)
            : new AnalyzerStatus(AnalysisMode.BigramOnly, error + " Search falls back to character bigrams only.");
    }

    public AnalyzerStatus Status { get; }

    public void Rebuild(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<SearchDocument> documents)
    {
        Execute(connection, transaction, "DROP TABLE IF EXISTS search_index");
        Execute(connection, transaction, "DROP TABLE IF EXISTS search_documents");
        Execute(connection, transaction,
            "CREATE VIRTUAL TABLE search_index USING fts5(id UNINDEXED, " +
            string.Join(", ", Fields.Select(f => "m_" + f).Concat(Fields.Select(f => "b_" + f))) + ", tokenize = 'ascii')");
        Execute(connection, transaction, "CREATE TABLE search_documents (id TEXT PRIMARY KEY, fields TEXT NOT NULL)");

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO search_index VALUES ($id, " +
                             string.Join(", ", Fields.Select(f => "$m_" + f).Concat(Fields.Select(f => "$b_" + f))) + ")";
        using var store = connection.CreateCommand();
        store.Transaction = transaction;
        store.CommandText = "INSERT INTO search_documents VALUES ($id, $fields)";

        var analyses = new ConcurrentDictionary<string, FieldAnalysis>();
        foreach (var document in documents)
        {
            var texts = FieldTexts(document);
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", document.Id);
            for (var f = 0; f < Fields.Length; f++)
            {
                var analysis = analyses.GetOrAdd(texts[f], AnalyzeField);
                insert.Parameters.AddWithValue("$m_" + Fields[f], string.Join(' ', analysis.Morphological.Select(t => t.Term)));
                insert.Parameters.AddWithValue("$b_" + Fields[f], string.Join(' ', analysis.Bigrams.Select(t => t.Term)));
            }
            insert.ExecuteNonQuery();
            store.Parameters.Clear();
            store.Parameters.AddWithValue("$id", document.Id);
            store.Parameters.AddWithValue("$fields", JsonSerializer.Serialize(texts));
            store.ExecuteNonQuery();
        }
        _storedFieldAnalyses = analyses;
        _documentCount = -1; // read again once the caller's transaction has settled what the index holds
    }

    public SearchResult Search(SqliteConnection connection, string query)
    {
        var plan = QueryPlan.Build(QueryParser.Parse(query), this, IsMorphological);
        if (!plan.HasTerms) return new SearchResult([], MatchMode.NoTerms);

        var documentCount = _documentCount >= 0 ? _documentCount : _documentCount = DocumentCount(connection);
        var clauses = plan.Required.Select(c => ClauseMatches.Find(connection, c, documentCount)).ToList();
        var excluded = plan.Excluded.SelectMany(c => new[] { c.WholeMorph, c.WholeBigrams }).OfType<string>()
            .SelectMany(e => Ids(connection, e)).ToHashSet();

        var mode = MatchMode.AllTerms;
        IReadOnlyList<string> unmatched = [];
        var matched = clauses.Select(c => c.Matched).Aggregate((a, b) => [.. a.Intersect(b)]);
        matched.ExceptWith(excluded);
        if (matched.Count == 0)
        {
            mode = MatchMode.AnyTerm;
            matched = [.. clauses.SelectMany(c => c.Touched).Except(excluded)];
            unmatched = clauses.Where(c => c.Touched.Count == 0).Select(c => c.Text).ToList();
        }
        if (matched.Count == 0) return new SearchResult([], mode) { UnmatchedWords = unmatched };

        var relevance = Scores(connection, plan.ScoringExpression);
        var asTyped = Scores(connection, plan.AsTypedScoringExpression);
        var scored = matched.ToDictionary(id => id,
            id => (relevance.GetValueOrDefault(id, 1e-9) + asTyped.GetValueOrDefault(id)) * Math.Pow(ClauseMatches.Coverage(clauses, id), 2));
        var morphological = matched.Where(id => mode == MatchMode.AllTerms
            ? clauses.All(c => c.MatchedMorphologically.Contains(id))
            : clauses.Any(c => c.TouchedMorphologically.Contains(id))).ToHashSet();
        var texts = LoadFields(connection, matched);
        var ranked = Rank(scored, morphological)
            .Select(h => new SearchHit(h.Id, h.Score, Highlights(texts.GetValueOrDefault(h.Id), plan)))
            .ToList();
        return new SearchResult(ranked, mode) { UnmatchedWords = unmatched };
    }

    public AnalysisResult Analyze(string text)
    {
        var normalized = NormalizedText.From(text.Length > MaxQueryLength ? text[..MaxQueryLength] : text);
        return new AnalysisResult(
            Status.Mode,
            _analyzer.Analyze(normalized).Select(ToAnalyzed).ToList(),
            CjkBigramAnalyzer.Analyze(normalized).Select(ToAnalyzed).ToList());
    }

    /// <summary>Both representations of one text (a query clause or a field).</summary>
    internal FieldAnalysis AnalyzeField(string text)
    {
        var normalized = NormalizedText.From(text);
        return new FieldAnalysis(_analyzer.Analyze(normalized), CjkBigramAnalyzer.Analyze(normalized));
    }

    internal IReadOnlyList<string> Expand(string word) => _synonyms.Expand(word);

    internal bool IsMorphological => _mecab is not null;

    /// <summary>Morphological matches rank above bigram-only ones: scores map to (0.5, 1] and (0, 0.5], best hit = 1.</summary>
    private static IEnumerable<(string Id, double Score)> Rank(Dictionary<string, double> hits, HashSet<string> morphological)
    {
        double Best(bool tier) => hits.Where(h => morphological.Contains(h.Key) == tier).Select(h => h.Value).DefaultIfEmpty(1).Max();
        var bestMorph = Best(true);
        var bestBigram = Best(false);
        return hits
            .Select(h => (h.Key, Score: morphological.Contains(h.Key) ? 0.5 + 0.5 * h.Value / bestMorph : 0.5 * h.Value / bestBigram))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Key, StringComparer.Ordinal);
    }

    /// <summary>BM25 (higher is better) of every document matching the expression.</summary>
    private static Dictionary<string, double> Scores(SqliteConnection connection, string expression)
    {
        var hits = new Dictionary<string, double>();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, -bm25(search_index, {Bm25Weights}) FROM search_index WHERE search_index MATCH $query";
        command.Parameters.AddWithValue("$query", expression);
        using var reader = command.ExecuteReader();
        while (reader.Read()) hits[reader.GetString(0)] = Math.Max(reader.GetDouble(1), 1e-9);
        return hits;
    }

    private static int DocumentCount(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM search_documents";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    internal static HashSet<string> Ids(SqliteConnection connection, string? expression)
    {
        var ids = new HashSet<string>();
        if (expression is null) return ids;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM search_index WHERE search_index MATCH $query";
        command.Parameters.AddWithValue("$query", expression);
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    private static Dictionary<string, string[]> LoadFields(SqliteConnection connection, IEnumerable<string> ids)
    {
        var result = new Dictionary<string, string[]>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, fields FROM search_documents WHERE id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        using var reader = command.ExecuteReader();
        while (reader.Read())
            result[reader.GetString(0)] = JsonSerializer.Deserialize<string[]>(reader.GetString(1)) ?? [];
        return result;
    }

    private IReadOnlyList<Highlight> Highlights(string[]? texts, QueryPlan plan)
    {
        if (texts is null) return [];
        var highlights = new List<Highlight>();
        for (var f = 0; f < HighlightedFields && f < texts.Length; f++)
        {
            var snippet = Highlighter.Snippet(texts[f], _storedFieldAnalyses.GetOrAdd(texts[f], AnalyzeField), plan.MorphSequences, plan.BigramSequences);
            if (snippet is not null) highlights.Add(new Highlight(Fields[f], snippet));
        }
        return highlights;
    }

    private static string[] FieldTexts(SearchDocument d) =>
        [d.Name, string.Join(" / ", d.Aliases), string.Join("、", d.Keywords), d.Summary, d.Body, d.Tags];

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static AnalyzedToken ToAnalyzed(Token t) => new(t.Term, t.Surface, t.BaseForm, t.PartOfSpeech, t.Start, t.End);

    public void Dispose() => _mecab?.Dispose();

    internal sealed record FieldAnalysis(IReadOnlyList<Token> Morphological, IReadOnlyList<Token> Bigrams);
}

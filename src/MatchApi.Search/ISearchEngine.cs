using Microsoft.Data.Sqlite;

namespace MatchApi.Search;

/// <summary>
/// Full-text search over the catalog, independent of how it is stored or served.
/// The SQLite implementation analyses Japanese with MeCab/IPADIC and indexes into FTS5;
/// another backend (e.g. Lucene.Net with Kuromoji) can implement the same contract.
/// </summary>
public interface ISearchEngine
{
    /// <summary>Which analysis is in use (morphological, or bigram-only when MeCab is missing).</summary>
    AnalyzerStatus Status { get; }

    /// <summary>Drops and rebuilds the index inside the caller's transaction, so catalog and index change together.</summary>
    void Rebuild(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<SearchDocument> documents);

    /// <summary>All documents matching the user query, best first. Never throws for any user input.</summary>
    SearchResult Search(SqliteConnection connection, string query);

    /// <summary>The tokens each representation produces for a text, for explaining matches.</summary>
    AnalysisResult Analyze(string text);
}

/// <summary>
/// The searchable text of one record. Fields are weighted name/aliases > keywords > summary > body > tags.
/// Tags (labels of the record's classifications) are matched but never shown as highlights.
/// </summary>
public sealed record SearchDocument(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Keywords,
    string Summary,
    string Body,
    string Tags = "");

public enum AnalysisMode { Morphological, BigramOnly }

public sealed record AnalyzerStatus(AnalysisMode Mode, string? Warning);

public enum MatchMode
{
    /// <summary>Every query term matched.</summary>
    AllTerms,
    /// <summary>Nothing matched every term; results match any term, ranked.</summary>
    AnyTerm,
    /// <summary>The query had no searchable term (e.g. only symbols or stop words).</summary>
    NoTerms
}

public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, MatchMode Mode)
{
    /// <summary>Words of the query that no document contains (given with <see cref="MatchMode.AnyTerm"/>).</summary>
    public IReadOnlyList<string> UnmatchedWords { get; init; } = [];
}

/// <summary>score: higher is better, positive. Highlights: HTML-escaped snippets with &lt;mark&gt; around matches.</summary>
public sealed record SearchHit(string Id, double Score, IReadOnlyList<Highlight> Highlights);

/// <summary>field: name, aliases, keywords, summary or body.</summary>
public sealed record Highlight(string Field, string Snippet);

public sealed record AnalysisResult(AnalysisMode Mode, IReadOnlyList<AnalyzedToken> Morphological, IReadOnlyList<AnalyzedToken> Bigrams);

/// <summary>Offsets are UTF-16 indices into the original text (start inclusive, end exclusive).</summary>
public sealed record AnalyzedToken(string Term, string Surface, string? BaseForm, string? PartOfSpeech, int Start, int End);

using MatchApi.Search.Analysis.MeCab;

namespace MatchApi.Search;

/// <summary>
/// Full-text search with filters, facets, sorting and paging over the catalog's documents, independent of where the
/// catalog is stored or how it is served. Indexing publishes a whole new index atomically; searches never see half of one.
/// </summary>
public interface ISearchEngine : IDisposable
{
    /// <summary>Which analysis is in use and which MeCab dictionary it loaded.</summary>
    SearchEngineStatus Status { get; }

    /// <summary>The catalog version the published index holds (null before anything is published).</summary>
    string? PublishedVersion { get; }

    /// <summary>Replaces the index with these documents and publishes it, as <paramref name="version"/>, in one step.</summary>
    void Publish(string version, IEnumerable<SearchDocument> documents);

    /// <summary>
    /// Gives the published index the version <paramref name="to"/> when it holds <paramref name="from"/>, without
    /// indexing anything (an index built while its catalog was being written, before the catalog had its version).
    /// </summary>
    /// <returns>False, and nothing changed, when the published index is not <paramref name="from"/>.</returns>
    bool Relabel(string from, string to);

    /// <summary>
    /// Adds or replaces <paramref name="upserts"/> (by id) and removes <paramref name="deletions"/>, then publishes the
    /// index as <paramref name="version"/>: an edit is searchable as soon as this returns.
    /// </summary>
    void Apply(string version, IEnumerable<SearchDocument> upserts, IEnumerable<string> deletions);

    /// <summary>One page of matches with highlights, the total, and facet counts. Never throws for any user input.</summary>
    SearchResponse Search(SearchRequest request);

    /// <summary>
    /// Every document matching the text, best first, with highlights for the first <paramref name="highlighted"/>; and
    /// the documents matching only some of its words, with which.
    /// </summary>
    TextMatches MatchText(string text, int highlighted);

    /// <summary>How a text is analysed in each representation, filter by filter (like Elasticsearch's _analyze with explain).</summary>
    AnalysisResult Analyze(string text);
}

/// <summary>The facets and numbers every document carries, fixed when the engine is created (part of the index's key).</summary>
/// <param name="DocumentsVersion">
/// Changes when the code that turns records into documents does: an index on disk built from the same records by other
/// code (another text for a figure, another field) is not served.
/// </param>
/// <param name="AmountNumber">
/// One of <paramref name="Numbers"/>, in yen, that an amount typed with a bound compares with: 1億円以上 also finds a
/// document whose number is at least 100,000,000, 5,000万円まで one whose number is at most 50,000,000.
/// </param>
public sealed record SearchSchema(IReadOnlyList<FacetDefinition> Facets, IReadOnlyList<string> Numbers, string DocumentsVersion = "", string? AmountNumber = null)
{
    public string Fingerprint => string.Join(";", Facets.Select(f => f.Name + "=" + string.Join(",", f.Codes))) + "|" + string.Join(",", Numbers) + "|" + DocumentsVersion + "|" + AmountNumber;
}

/// <summary>A facet and every code it can take.</summary>
public sealed record FacetDefinition(string Name, IReadOnlyList<string> Codes);

/// <summary>
/// The searchable text of one record, weighted name/aliases &gt; keywords &gt; summary &gt; body &gt; tags (tags are
/// matched but never highlighted), with its facet codes and numbers for filters and sorting.
/// </summary>
public sealed record SearchDocument(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Keywords,
    string Summary,
    string Body,
    string Tags = "")
{
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> Facets { get; init; } = new Dictionary<string, IReadOnlyCollection<string>>();

    /// <summary>Numbers by name; a number the record does not have is left out (never 0 for unknown).</summary>
    public IReadOnlyDictionary<string, long> Numbers { get; init; } = new Dictionary<string, long>();
}

public enum AnalysisMode { Morphological, BigramOnly }

public sealed record SearchEngineStatus(AnalysisMode Mode, MeCabDictionary? Dictionary, string? Warning);

public enum MatchMode
{
    /// <summary>Every query word matched.</summary>
    AllTerms,
    /// <summary>Nothing matched every word (within the filters); results match any word, ranked.</summary>
    AnyTerm,
    /// <summary>The query had no searchable word (only symbols, particles or exclusions).</summary>
    NoTerms,
}

/// <summary>The order of results: relevance, name (Japanese collation), or a number, largest first.</summary>
public abstract record SearchSort
{
    public static readonly SearchSort Relevance = new RelevanceSort();
    public static readonly SearchSort Name = new NameSort();
    public static SearchSort Largest(string number) => new NumberSort(number);

    public sealed record RelevanceSort : SearchSort;
    public sealed record NameSort : SearchSort;
    public sealed record NumberSort(string Number) : SearchSort;
}

/// <summary>A document passes when the value lies between its two numbers; a missing number leaves that side open.</summary>
public sealed record Covers(string LowNumber, string HighNumber, long Value);

/// <summary>
/// One search: text (optional), facet filters (OR within a facet, AND across facets), number conditions, order and page.
/// </summary>
public sealed record SearchRequest
{
    public string? Text { get; init; }
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Filters { get; init; } = new Dictionary<string, IReadOnlySet<string>>();
    public IReadOnlyList<Covers> Conditions { get; init; } = [];

    /// <summary>
    /// When set, only these documents (by id) can match: a condition the index cannot express (e.g. one that depends on
    /// the day asked about), computed by the caller. Facets are counted within it, like <see cref="Conditions"/>.
    /// </summary>
    public IReadOnlySet<string>? Only { get; init; }

    /// <summary>
    /// Sets of documents (by id) to count among the matches within every filter, by name (Elasticsearch's filters
    /// aggregation), in the same pass as the page: e.g. how many of the matches accept applications today.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Counted { get; init; } = new Dictionary<string, IReadOnlySet<string>>();
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
}

/// <summary>
/// total: matches within every filter. facets: per facet, counts over the text and every filter but that facet's own.
/// mode is null without text.
/// </summary>
public sealed record SearchResponse(
    int Total,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets,
    MatchMode? Mode)
{
    /// <summary>Query words that no document within the filters contains (given with <see cref="MatchMode.AnyTerm"/>).</summary>
    public IReadOnlyList<string> UnmatchedWords { get; init; } = [];

    /// <summary>「もしかして」: the query with an unmatched word replaced by a catalog word it was probably meant to be.</summary>
    public IReadOnlyList<string> Suggestions { get; init; } = [];

    /// <summary>Per name of <see cref="SearchRequest.Counted"/>, how many of the <see cref="Total"/> matches are in that set.</summary>
    public IReadOnlyDictionary<string, int> CountedMatches { get; init; } = new Dictionary<string, int>();
}

/// <summary>hits: documents matching every word (empty with <see cref="MatchMode.AnyTerm"/>); partial: those matching some.</summary>
public sealed record TextMatches(IReadOnlyList<SearchHit> Hits, MatchMode Mode)
{
    public IReadOnlyList<string> UnmatchedWords { get; init; } = [];

    public IReadOnlyList<PartialHit> Partial { get; init; } = [];
}

/// <summary>A document matching some of the query's words (or phrases): those it matches and those it does not; score relative to the best partial match.</summary>
public sealed record PartialHit(string Id, double Score, IReadOnlyList<string> MatchedWords, IReadOnlyList<string> MissingWords, IReadOnlyList<Highlight> Highlights);

/// <summary>score: relevance relative to the best match (1), null when sorted otherwise without text. Highlights: HTML-escaped snippets with &lt;mark&gt;.</summary>
public sealed record SearchHit(string Id, double? Score, IReadOnlyList<Highlight> Highlights);

/// <summary>field: name, aliases, keywords, summary or body.</summary>
public sealed record Highlight(string Field, string Snippet);

/// <summary>The final tokens of each representation, and each representation's chain stage by stage.</summary>
public sealed record AnalysisResult(
    AnalysisMode Mode,
    IReadOnlyList<AnalyzedToken> Morphological,
    IReadOnlyList<AnalyzedToken> Bigrams,
    IReadOnlyList<RepresentationExplanation> Explain);

/// <summary>fields: the index fields analysed this way. stages: the tokenizer's output, then each filter's.</summary>
public sealed record RepresentationExplanation(string Representation, string Fields, string CharFilters, IReadOnlyList<StageTokens> Stages);

/// <summary>The tokens after one stage, and those of the previous stage that this stage removed.</summary>
public sealed record StageTokens(string Stage, IReadOnlyList<AnalyzedToken> Tokens, IReadOnlyList<AnalyzedToken> Removed);

/// <summary>Offsets are UTF-16 indices into the original text (start inclusive, end exclusive); term is what is indexed.</summary>
public sealed record AnalyzedToken(string Term, string Surface, string? BaseForm, string? PartOfSpeech, string? Reading, int Position, int Start, int End);

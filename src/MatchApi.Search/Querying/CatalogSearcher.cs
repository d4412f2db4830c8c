using Lucene.Net.Index;
using Lucene.Net.Search;

namespace MatchApi.Search.Querying;

/// <summary>How a search of a large index is split: into at most <paramref name="Max"/> parts of at least <paramref name="MinDocuments"/> documents each.</summary>
internal sealed record SearchParts(int Max, int MinDocuments);

/// <summary>
/// An <see cref="IndexSearcher"/> for one published index generation that remembers what it worked out: the statistics
/// of each field, where each query term is in the term dictionary, and the weights of recent queries. A query names each
/// word in every field, so a search would otherwise repeat hundreds of dictionary lookups the previous one already made;
/// the memory goes with the generation when a new index is published.
/// </summary>
internal sealed class CatalogSearcher(IndexReader reader, int rememberedQueries, SearchParts parts) : IndexSearcher(reader)
{
    /// <summary>Terms remembered per generation; past this (a flood of distinct words) terms are looked up each time.</summary>
    public const int MaxRememberedTerms = 100_000;

    private readonly BoundedCache<string, CollectionStatistics> _fields = new(int.MaxValue);
    private readonly BoundedCache<Term, TermContext> _terms = new(rememberedQueries == 0 ? 0 : MaxRememberedTerms);
    /// <summary>
    /// By identity: the planned queries are remembered objects, and a Lucene query hashes its whole tree on every lookup
    /// (a tenth of a search's time).
    /// </summary>
    private readonly BoundedCache<Query, Weight> _weights = new(rememberedQueries, ReferenceEqualityComparer.Instance);
    private Func<Query, Weight> _createWeight => field ??= q => CreateNormalizedWeight(WithoutImpossiblePhrases(q));
    /// <summary>Worked-out things per generation: highlighter queries, snippets of recently shown hits, suggestions.</summary>
    public const int MaxDerived = 20_000;

    private readonly BoundedCache<object, object> _derived = new(rememberedQueries == 0 ? 0 : MaxDerived, QueriesByIdentity.Instance);

    public override CollectionStatistics CollectionStatistics(string field) => _fields.GetOrAdd(field, base.CollectionStatistics);

    public TermContext ContextOf(Term term) => _terms.GetOrAdd(term, t => TermContext.Build(TopReaderContext, t));

    /// <summary>Terms whose short posting lists are kept as arrays (at most <see cref="ShortPostings.MaxDocuments"/> each: 1 KiB).</summary>
    public const int MaxShortPostingTerms = 20_000;

    private readonly BoundedCache<Term, ShortPostings> _shortPostings = new(rememberedQueries == 0 ? 0 : MaxShortPostingTerms);

    /// <summary>
    /// The term's short posting lists, read at most once per generation; null when they cannot be remembered (nothing is
    /// remembered, or a flood of distinct words filled the room): reading a list into arrays for one search only would
    /// read it twice.
    /// </summary>
    public ShortPostings? ShortPostingsOf(Term term) => _shortPostings.Remembered(term, _ => new ShortPostings(m_leafContexts.Count));

    /// <summary>A term's dictionary entry: remembered when <paramref name="searcher"/> is a catalog searcher, looked up otherwise.</summary>
    public static TermContext ContextOf(IndexSearcher searcher, Term term) =>
        searcher is CatalogSearcher catalog ? catalog.ContextOf(term) : TermContext.Build(searcher.TopReaderContext, term);

    /// <summary>How many documents a query matches, through its remembered weight.</summary>
    public int Count(Query query)
    {
        var count = new TotalHitCountCollector();
        Run(query, count);
        return count.TotalHits;
    }

    /// <summary>Runs a query through its remembered weight.</summary>
    public void Run(Query query, ICollector collector) => Search(m_leafContexts, WeightOf(query), collector);

    /// <summary>A range of one segment's documents, searched by its own scorer and collector.</summary>
    private sealed record Part(AtomicReaderContext Leaf, int Start, int End);

    private IReadOnlyList<Part>? _parts;

    /// <summary>How many parts <see cref="RunInParts"/> searches this index in.</summary>
    public int PartCount => Math.Max(1, (_parts ??= Partition()).Count);

    /// <summary>
    /// Runs a query over the index in parts side by side, each with its own collector (returned in document order), so
    /// that one search of a large catalog uses every core: the index is one merged segment, so the parts are ranges of
    /// its documents, each scorer starting by skipping to its range (Lucene 4.8's searcher can only run whole segments
    /// in parallel). A small index is one part, searched as <see cref="Run"/> does.
    /// </summary>
    public IReadOnlyList<T> RunInParts<T>(Query query, Func<T> newCollector) where T : ICollector
    {
        var ranges = _parts ??= Partition();
        var weight = WeightOf(query);
        if (ranges.Count == 0)
        {
            var whole = newCollector();
            Search(m_leafContexts, weight, whole);
            return [whole];
        }
        var collectors = ranges.Select(_ => newCollector()).ToArray();
        Parallel.For(0, ranges.Count, i => Collect(weight, ranges[i], collectors[i]));
        return collectors;
    }

    private static void Collect(Weight weight, Part part, ICollector collector)
    {
        collector.SetNextReader(part.Leaf);
        var scorer = weight.GetScorer(part.Leaf, part.Leaf.AtomicReader.LiveDocs);
        if (scorer is null) return;
        collector.SetScorer(scorer);
        for (var doc = scorer.Advance(part.Start); doc < part.End; doc = scorer.NextDoc()) collector.Collect(doc);
    }

    private IReadOnlyList<Part> Partition()
    {
        var count = Math.Clamp(IndexReader.MaxDoc / parts.MinDocuments, 1, parts.Max);
        if (count == 1) return []; // one part: the whole index
        var size = (IndexReader.MaxDoc + count - 1) / count;
        return m_leafContexts
            .SelectMany(leaf => Enumerable.Range(0, (leaf.AtomicReader.MaxDoc + size - 1) / size)
                .Select(i => new Part(leaf, i * size, Math.Min((i + 1) * size, leaf.AtomicReader.MaxDoc))))
            .ToList();
    }

    /// <summary>The query's remembered weight (weights are safe to share: Lucene scores segments in parallel with one).</summary>
    public Weight WeightOf(Query query) => _weights.GetOrAdd(query, _createWeight);

    /// <summary>
    /// Each phrase with a word this index does not have, as that word alone: it matches nothing either, and scores the
    /// same (nothing; BM25 has no query norm, and the clause still counts for coord), but a phrase opens a term
    /// dictionary enumerator on every segment before it finds the word missing. Half of a query's phrases are such,
    /// since every word is asked for in every field.
    /// </summary>
    private Query WithoutImpossiblePhrases(Query query)
    {
        switch (query)
        {
            case PhraseQuery phrase when phrase.GetTerms().FirstOrDefault(t => ContextOf(t).DocFreq == 0) is { } missing:
                return new RememberedTermQuery(missing) { Boost = phrase.Boost };
            case SentenceQuery sentence:
                return WithoutImpossiblePhrases(sentence.For(Count, IndexReader.NumDocs));
            case BooleanQuery boolean:
                var clauses = new BooleanQuery(boolean.CoordDisabled) { MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch, Boost = boolean.Boost };
                foreach (var clause in boolean.Clauses) clauses.Add(WithoutImpossiblePhrases(clause.Query), clause.Occur);
                return clauses;
            case WordsFirstQuery first:
                return new WordsFirstQuery(WithoutImpossiblePhrases(first.Words), first.Wholes.Select(WithoutImpossiblePhrases).ToList()) { Boost = first.Boost };
            case DisjunctionMaxQuery disjunction:
                var best = new FieldsMaxQuery(disjunction.TieBreakerMultiplier) { Boost = disjunction.Boost };
                foreach (var disjunct in disjunction.Disjuncts) best.Add(WithoutImpossiblePhrases(disjunct));
                return best;
            default:
                return query;
        }
    }

    /// <summary>Something worked out for this generation: the highlighter's view of a query, a hit's snippets for it, a word's suggestions.</summary>
    public T Derived<T>(object key, Func<T> compute) where T : class => (T)_derived.GetOrAdd(key, _ => compute());

    /// <summary>A query key by identity (as <see cref="_weights"/>: hashing a planned query walks its whole tree), any other key by value.</summary>
    private sealed class QueriesByIdentity : IEqualityComparer<object>
    {
        public static readonly QueriesByIdentity Instance = new();

        public new bool Equals(object? x, object? y) => x is Query || y is Query ? ReferenceEquals(x, y) : object.Equals(x, y);

        public int GetHashCode(object key) => key is Query ? System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key) : key.GetHashCode();
    }
}

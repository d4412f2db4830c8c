using Lucene.Net.Index;
using Lucene.Net.Search;

namespace MatchApi.Search.Querying;

/// <summary>
/// The words of a sentence typed in Latin script: three in four of them must match, and among its uncommon words at
/// least half (in the spirit of Lucene's CommonTermsQuery): a word that more than half of the documents match
/// (support: 支援, device: 機器) cannot make up the count alone, so "government support for dementia devices" needs
/// dementia; a sentence of common words only needs them all. Walked as the BooleanQuery it is (as the highlighter walks
/// queries), it reads as every clause optional, three in four of them.
/// </summary>
internal sealed class SentenceQuery : BooleanQuery
{
    /// <summary>A word that more than this share of the documents match is common.</summary>
    public const double CommonShare = 0.5;

    public SentenceQuery(IEnumerable<Query> clauses) : base(disableCoord: false)
    {
        foreach (var clause in clauses) Add(clause, Occur.SHOULD);
        MinimumNumberShouldMatch = ThreeInFour(Clauses.Count);
    }

    /// <summary>Of a sentence's words (also a Japanese one's content words), this many must match (Elasticsearch's minimum_should_match of 75%); all of one or two.</summary>
    public static int ThreeInFour(int count) => count <= 2 ? count : count * 3 / 4;

    /// <summary>The query for an index whose documents each clause matches as counted: three in four, and half of the uncommon ones (not scored twice).</summary>
    public BooleanQuery For(Func<Query, int> matches, int documents)
    {
        var rare = Clauses.Select(c => c.Query).Where(q => matches(q) <= documents * CommonShare).ToList();
        // Only common words: none tells schemes apart, so each of them must match, as typed keywords do.
        var all = Copy(Clauses.Select(c => c.Query), rare.Count == 0 ? Clauses.Count : MinimumNumberShouldMatch);
        if (rare.Count == 0 || rare.Count == Clauses.Count) return all;
        var query = new BooleanQuery(disableCoord: true) { Boost = Boost };
        query.Add(all, Occur.MUST);
        query.Add(new ConstantScoreQuery(Copy(rare, (rare.Count + 1) / 2)) { Boost = 0 }, Occur.MUST);
        return query;
    }

    private BooleanQuery Copy(IEnumerable<Query> clauses, int minimum)
    {
        var query = new BooleanQuery(disableCoord: false) { MinimumNumberShouldMatch = minimum, Boost = Boost };
        foreach (var clause in clauses) query.Add(clause, Occur.SHOULD);
        return query;
    }

    public override Query Rewrite(IndexReader reader)
    {
        var searcher = new IndexSearcher(reader);
        return For(query =>
        {
            var count = new TotalHitCountCollector();
            searcher.Search(query, count);
            return count.TotalHits;
        }, reader.NumDocs);
    }

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}

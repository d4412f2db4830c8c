using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using MatchApi.Search.Querying;

namespace MatchApi.Search.Tests;

/// <summary>The engine's disjunction across fields matches and scores what Lucene's own DisjunctionMaxQuery does.</summary>
public sealed class FieldsMaxQueryTests : IDisposable
{
    private static readonly (string Name, string Body, string Tags)[] Documents =
    [
        ("a b", "a a c", "x"), ("c", "b", "a"), ("", "a", ""), ("x y", "z", "b c"), ("a", "a b c a", "a"),
        ("b b", "", "c"), ("z", "y", "x"), ("a c", "c c", "b"), ("", "", "a b c"), ("c", "a", "z"), ("b", "x", "y"),
    ];

    private readonly TwoSegmentIndex _index = new(Documents
        .Select(d => new Document
        {
            new TextField("name", d.Name, Field.Store.NO), new TextField("body", d.Body, Field.Store.NO), new TextField("tags", d.Tags, Field.Store.NO),
        })
        .ToList());

    private IndexSearcher Searcher => _index.Searcher;

    public static TheoryData<string, float> Disjunctions => new()
    {
        { "a", 0.3f }, { "b", 0f }, { "c", 1f }, { "a b", 0.3f }, { "x z", 0.3f }, { "q", 0.3f }, { "a q", 0.5f },
    };

    private static (DisjunctionMaxQuery Lucene, FieldsMaxQuery Ours) Across(string words, float tieBreaker)
    {
        var (lucene, ours) = (new DisjunctionMaxQuery(tieBreaker), new FieldsMaxQuery(tieBreaker));
        foreach (var (field, boost) in new[] { ("name", 10f), ("body", 1f), ("tags", 0.5f) })
            foreach (var word in words.Split(' '))
            {
                lucene.Add(new TermQuery(new Term(field, word)) { Boost = boost });
                ours.Add(new TermQuery(new Term(field, word)) { Boost = boost });
            }
        return (lucene, ours);
    }

    [Theory]
    [MemberData(nameof(Disjunctions))]
    public void Matches_and_scores_like_Lucenes_disjunction_max_query(string words, float tieBreaker)
    {
        var (lucene, ours) = Across(words, tieBreaker);

        var expected = Searcher.Search(lucene, 100).ScoreDocs;
        var actual = Searcher.Search(ours, 100).ScoreDocs;

        Assert.Equal(expected.Select(d => d.Doc).Order(), actual.Select(d => d.Doc).Order());
        foreach (var hit in actual) Assert.Equal(expected.Single(e => e.Doc == hit.Doc).Score, hit.Score, 5);
    }

    /// <summary>Inside a conjunction the scorer is advanced to the other clause's documents instead of stepped through its own.</summary>
    [Theory]
    [MemberData(nameof(Disjunctions))]
    public void Advanced_by_a_conjunction_it_matches_and_scores_like_Lucenes(string words, float tieBreaker)
    {
        var (lucene, ours) = Across(words, tieBreaker);
        Query With(Query disjunction) => new BooleanQuery { { disjunction, Occur.MUST }, { new TermQuery(new Term("body", "c")), Occur.MUST } };

        var expected = Searcher.Search(With(lucene), 100).ScoreDocs;
        var actual = Searcher.Search(With(ours), 100).ScoreDocs;

        Assert.Equal(expected.Select(d => d.Doc).Order(), actual.Select(d => d.Doc).Order());
        foreach (var hit in actual) Assert.Equal(expected.Single(e => e.Doc == hit.Doc).Score, hit.Score, 5);
    }

    [Fact]
    public void Freq_counts_the_fields_a_document_matches_in()
    {
        var (_, ours) = Across("a", 0.3f);
        var weight = Searcher.CreateNormalizedWeight(ours);
        var leaf = _index.Reader.Leaves[0];
        var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs)!;
        var freqs = new Dictionary<int, int>();
        while (scorer.NextDoc() != DocIdSetIterator.NO_MORE_DOCS) freqs[scorer.DocID] = scorer.Freq;

        // Document 0 has a in name and body, 1 in tags, 2 in body, 4 in all three.
        Assert.Equal(new Dictionary<int, int> { [0] = 2, [1] = 1, [2] = 1, [4] = 3 }, freqs);
    }

    public void Dispose() => _index.Dispose();
}

using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using MatchApi.Search.Querying;

namespace MatchApi.Search.Tests;

/// <summary>The engine's allocation-free exact phrase finds and scores what Lucene's own PhraseQuery does.</summary>
public sealed class ExactPhraseQueryTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "a b c a b", "b a c", "a x b a b a b", "c c c", "a b", "a a a", "x y z a b", "b b a a", "a c b", "z",
    ];

    private readonly TwoSegmentIndex _index = new(Texts
        .Select((text, i) => new Document { new TextField("f", text, Field.Store.NO), new StringField("n", i.ToString(), Field.Store.YES) })
        .ToList());

    private IndexSearcher Searcher => _index.Searcher;

    public static TheoryData<string> Phrases => new() { "a b", "b a", "a a", "a b a", "c c", "a _ b", "b _ _ a", "x y z a b", "a q", "c a b" };

    [Theory]
    [MemberData(nameof(Phrases))]
    public void Matches_and_scores_like_Lucenes_phrase_query(string phrase)
    {
        var (lucene, ours) = (new PhraseQuery(), new ExactPhraseQuery());
        foreach (var (word, position) in phrase.Split(' ').Select((w, i) => (w, i)).Where(p => p.w != "_"))
        {
            lucene.Add(new Term("f", word), position);
            ours.Add(new Term("f", word), position);
        }
        var expected = Searcher.Search(lucene, 100).ScoreDocs;
        // Through Lucene's postings, and through the catalog searcher's arrays of short posting lists.
        var catalog = new CatalogSearcher(_index.Reader, rememberedQueries: 10, new SearchParts(Max: 1, MinDocuments: 1)) { Similarity = Searcher.Similarity };
        foreach (var searcher in new[] { Searcher, catalog })
        {
            var actual = searcher.Search(ours, 100).ScoreDocs;
            Assert.Equal(expected.Select(d => (d.Doc, d.Score)), actual.Select(d => (d.Doc, d.Score)));
            foreach (var hit in actual) Assert.Equal(Searcher.Explain(lucene, hit.Doc).Value, searcher.Explain(ours, hit.Doc).Value);
        }
    }

    [Fact]
    public void A_phrase_found_several_times_in_a_document_counts_each_start()
    {
        var query = new ExactPhraseQuery { new Term("f", "a"), new Term("f", "b") };
        var weight = Searcher.CreateNormalizedWeight(query);
        var counts = new Dictionary<string, int>();
        foreach (var leaf in _index.Reader.Leaves)
        {
            var scorer = weight.GetScorer(leaf, null);
            if (scorer is null) continue;
            for (var doc = scorer.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = scorer.NextDoc())
                counts[leaf.Reader.Document(doc).Get("n")] = scorer.Freq;
        }
        Assert.Equal(new Dictionary<string, int> { ["0"] = 2, ["2"] = 2, ["4"] = 1, ["6"] = 1 }, counts);
    }

    public void Dispose() => _index.Dispose();
}

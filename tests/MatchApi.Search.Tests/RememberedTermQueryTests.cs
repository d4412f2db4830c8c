using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using MatchApi.Search.Querying;

namespace MatchApi.Search.Tests;

/// <summary>
/// The engine's term query, through the catalog searcher (short posting lists from arrays, longer ones from Lucene's
/// postings), finds and scores what Lucene's own TermQuery does: alone, leapfrogging in a conjunction, and with deletions.
/// </summary>
public sealed class RememberedTermQueryTests : IDisposable
{
    private const int Documents = 400;

    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    public RememberedTermQueryTests()
    {
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(_directory, config))
        {
            for (var i = 0; i < Documents; i++)
            {
                // every: longer than a short list in both segments; half: short in the first, long in the second; seventh, rare: short.
                var words = new[] { "every", i % 2 == 0 || i >= Documents / 2 ? "half half" : "", i % 7 == 0 ? "seventh" : "", i == 3 || i == 250 ? "rare" : "" };
                writer.AddDocument(new Document
                {
                    new TextField("f", string.Join(' ', words.Where(w => w.Length > 0)), Field.Store.NO),
                    new StringField("n", i.ToString(), Field.Store.YES),
                });
                if (i == Documents / 2 - 1) writer.Commit();
            }
            foreach (var deleted in new[] { 0, 14, 250, 398 }) writer.DeleteDocuments(new Term("n", deleted.ToString()));
        }
        _reader = DirectoryReader.Open(_directory);
        Assert.Equal(2, _reader.Leaves.Count);
        Assert.True(_reader.HasDeletions);
    }

    public static TheoryData<string> Words => new() { "every", "half", "seventh", "rare", "absent" };

    [Theory]
    [MemberData(nameof(Words))]
    public void Matches_and_scores_like_Lucenes_term_query(string word)
    {
        var (lucene, ours) = Searchers();
        var expected = lucene.Search(new TermQuery(new Term("f", word)), Documents).ScoreDocs;
        var actual = ours.Search(new RememberedTermQuery(new Term("f", word)), Documents).ScoreDocs;

        Assert.Equal(expected.Select(d => (d.Doc, d.Score)), actual.Select(d => (d.Doc, d.Score)));
        foreach (var hit in actual.Take(5))
            Assert.Equal(lucene.Explain(new TermQuery(new Term("f", word)), hit.Doc).Value, ours.Explain(new RememberedTermQuery(new Term("f", word)), hit.Doc).Value);
    }

    [Theory]
    [InlineData("half", "seventh")]
    [InlineData("every", "rare")]
    [InlineData("seventh", "every")]
    public void Leapfrogs_in_a_conjunction_like_Lucenes_term_query(string first, string second)
    {
        var (lucene, ours) = Searchers();
        BooleanQuery Both(Func<Term, Query> term) => new() { { term(new Term("f", first)), Occur.MUST }, { term(new Term("f", second)), Occur.MUST } };
        var expected = lucene.Search(Both(t => new TermQuery(t)), Documents).ScoreDocs;
        var actual = ours.Search(Both(t => new RememberedTermQuery(t)), Documents).ScoreDocs;

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(d => (d.Doc, d.Score)), actual.Select(d => (d.Doc, d.Score)));
    }

    [Fact]
    public void Short_lists_are_read_into_arrays_once_and_long_ones_are_not()
    {
        var (_, ours) = Searchers();
        var postings = ours.ShortPostingsOf(new Term("f", "half"))!;
        Assert.Same(postings, ours.ShortPostingsOf(new Term("f", "half")));
        ours.Search(new RememberedTermQuery(new Term("f", "half")), 10);
        var lists = _reader.Leaves.Select(leaf => postings.Of(leaf, new Term("f", "half"), TermContext.Build(_reader.Context, new Term("f", "half")).Get(leaf.Ord))).ToList();
        Assert.Equal(Documents / 4, lists[0]!.Docs.Length); // with the deleted document 0: the scorer skips it
        Assert.All(lists[0]!.Freqs, freq => Assert.Equal(2, freq));
        Assert.Null(lists[1]);

        var every = ours.ShortPostingsOf(new Term("f", "every"))!;
        Assert.Null(every.Of(_reader.Leaves[0], new Term("f", "every"), TermContext.Build(_reader.Context, new Term("f", "every")).Get(0)));
    }

    private (IndexSearcher Lucene, CatalogSearcher Ours) Searchers() =>
        (new IndexSearcher(_reader) { Similarity = new BM25Similarity() }, new CatalogSearcher(_reader, rememberedQueries: 10, new SearchParts(Max: 1, MinDocuments: 1)) { Similarity = new BM25Similarity() });

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}

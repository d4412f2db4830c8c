using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using MatchApi.Search.Querying;

namespace MatchApi.Search.Tests;

/// <summary>The engine's allocation-free exact phrase finds and scores what Lucene's own PhraseQuery does.</summary>
public sealed class ExactPhraseQueryTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "a b c a b", "b a c", "a x b a b a b", "c c c", "a b", "a a a", "x y z a b", "b b a a", "a c b", "z",
    ];

    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public ExactPhraseQueryTests()
    {
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(_directory, config))
        {
            // Two segments, so the scorer also starts afresh on a second segment with its own documents and statistics.
            foreach (var (text, i) in Texts.Select((t, i) => (t, i)))
            {
                writer.AddDocument(new Document { new TextField("f", text, Field.Store.NO), new StringField("n", i.ToString(), Field.Store.YES) });
                if (i == Texts.Length / 2) writer.Commit();
            }
        }
        _reader = DirectoryReader.Open(_directory);
        Assert.True(_reader.Leaves.Count > 1);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

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
        var expected = _searcher.Search(lucene, 100).ScoreDocs;
        var actual = _searcher.Search(ours, 100).ScoreDocs;

        Assert.Equal(expected.Select(d => (d.Doc, d.Score)), actual.Select(d => (d.Doc, d.Score)));
        foreach (var hit in actual) Assert.Equal(_searcher.Explain(lucene, hit.Doc).Value, _searcher.Explain(ours, hit.Doc).Value);
    }

    [Fact]
    public void A_phrase_found_several_times_in_a_document_counts_each_start()
    {
        var query = new ExactPhraseQuery { new Term("f", "a"), new Term("f", "b") };
        var weight = _searcher.CreateNormalizedWeight(query);
        var counts = new Dictionary<string, int>();
        foreach (var leaf in _reader.Leaves)
        {
            var scorer = weight.GetScorer(leaf, null);
            if (scorer is null) continue;
            for (var doc = scorer.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = scorer.NextDoc())
                counts[leaf.Reader.Document(doc).Get("n")] = scorer.Freq;
        }
        Assert.Equal(new Dictionary<string, int> { ["0"] = 2, ["2"] = 2, ["4"] = 1, ["6"] = 1 }, counts);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}

using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace MatchApi.Search.Tests;

/// <summary>
/// A small in-memory index of whitespace-split fields, searched with BM25, in two segments: a scorer under test also
/// starts afresh on a second segment with its own documents and statistics.
/// </summary>
public sealed class TwoSegmentIndex : IDisposable
{
    private readonly RAMDirectory _directory = new();

    public TwoSegmentIndex(IReadOnlyList<Document> documents)
    {
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var (document, i) in documents.Select((d, i) => (d, i)))
            {
                writer.AddDocument(document);
                if (i == documents.Count / 2) writer.Commit();
            }
        }
        Reader = DirectoryReader.Open(_directory);
        Assert.True(Reader.Leaves.Count > 1);
        Searcher = new IndexSearcher(Reader) { Similarity = new BM25Similarity() };
    }

    public DirectoryReader Reader { get; }

    public IndexSearcher Searcher { get; }

    public void Dispose()
    {
        Reader.Dispose();
        _directory.Dispose();
    }
}

using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using MatchApi.Search.Indexing;

namespace MatchApi.Search.Tests;

/// <summary>The index folder: searched files held in arrays within a bound and given back when readers close.</summary>
public sealed class CatalogDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("matchapi-directory-");

    private void Write(CatalogDirectory directory)
    {
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { UseCompoundFile = false };
        using var writer = new IndexWriter(directory, config);
        for (var i = 0; i < 200; i++)
            writer.AddDocument(new Document { new TextField("f", $"word{i % 17} word{i % 5} common", Field.Store.YES) });
    }

    private long SearchedFileBytes() => _folder.GetFiles()
        .Where(f => f.Name.StartsWith('_') && f.Extension is not (".fdt" or ".fdx" or ".tvd" or ".tvx" or ".tvf"))
        .Sum(f => f.Length);

    private long TermsAndPostingsBytes() => _folder.GetFiles().Where(f => f.Extension is ".tim" or ".tip" or ".doc" or ".pos").Sum(f => f.Length);

    private static readonly int Word3 = Enumerable.Range(0, 200).Count(i => i % 17 == 3 || i % 5 == 3);

    [Fact]
    public void A_reader_holds_the_searched_files_and_gives_them_back_when_closed()
    {
        using var directory = new CatalogDirectory(_folder);
        Write(directory);
        using (var reader = DirectoryReader.Open(directory))
        {
            Assert.InRange(directory.Held, TermsAndPostingsBytes(), SearchedFileBytes());
            Assert.True(TermsAndPostingsBytes() > 0);
            var searcher = new IndexSearcher(reader);
            Assert.Equal(Word3, searcher.Search(new TermQuery(new Term("f", "word3")), 100).TotalHits);
            // word0 word0: i % 17 == 0 and i % 5 == 0, so 0, 85 and 170.
            Assert.Equal(3, searcher.Search(new PhraseQuery { new Term("f", "word0"), new Term("f", "word0") }, 300).TotalHits);
        }
        Assert.Equal(0, directory.Held);
    }

    [Fact]
    public void Past_the_bound_files_are_memory_mapped_and_search_the_same()
    {
        using (var unbounded = new CatalogDirectory(_folder)) Write(unbounded);
        using var directory = new CatalogDirectory(_folder, inMemoryBudget: 1024);
        using var reader = DirectoryReader.Open(directory);
        Assert.InRange(directory.Held, 0, 1024);
        Assert.True(SearchedFileBytes() > 1024);
        Assert.Equal(Word3, new IndexSearcher(reader).Search(new TermQuery(new Term("f", "word3")), 100).TotalHits);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

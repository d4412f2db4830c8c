using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using MatchApi.Search.Querying;
using Directory = Lucene.Net.Store.Directory;

namespace MatchApi.Search.Indexing;

/// <summary>
/// The Lucene index of the catalog, on disk (or in memory for tests): one writer, and a <see cref="SearcherManager"/>
/// whose searchers are refreshed only after a whole replacement is committed, so readers never see half an index.
/// Each commit records which catalog version and which analysis built it, so a restart that finds the same keys
/// serves the index as it is instead of analysing the catalog again.
/// </summary>
internal sealed class CatalogIndex : IDisposable
{
    private const string VersionKey = "catalogVersion", AnalysisKey = "analysis";

    private readonly Directory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly System.Threading.Lock _writing = new();
    private volatile IReadOnlyDictionary<string, string> _committed;

    public CatalogIndex(string? path, Analyzer analyzer, Similarity similarity, int rememberedQueries, SearchParts parts)
    {
        CatalogCodec.Register();
        _directory = path is null ? new RAMDirectory() : new CatalogDirectory(System.IO.Directory.CreateDirectory(path));
        _writer = OpenWriter(_directory, path, analyzer, similarity);
        _committed = new Dictionary<string, string>(_writer.CommitData);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new CatalogSearcherFactory(similarity, rememberedQueries, parts));
    }

    /// <summary>The catalog version the committed index holds, if it was built by <paramref name="analysis"/>.</summary>
    public string? VersionBuiltBy(string analysis) =>
        _committed.GetValueOrDefault(AnalysisKey) == analysis ? _committed.GetValueOrDefault(VersionKey) : null;

    /// <summary>Replaces every document, commits, then lets searchers see the new index (readers before keep the old one).</summary>
    public void Replace(string version, string analysis, IEnumerable<SearchDocument> documents, Func<SearchDocument, Document> toLucene)
    {
        lock (_writing)
        {
            _writer.DeleteAll();
            Parallel.ForEach(documents, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                document => _writer.AddDocument(toLucene(document)));
            // One segment: each query term is looked up once instead of once per segment the parallel writers flushed.
            _writer.ForceMerge(1);
            Commit(version, analysis);
        }
    }

    /// <summary>Records <paramref name="to"/> as the committed version when the committed index is <paramref name="from"/> built by <paramref name="analysis"/>.</summary>
    public bool Relabel(string analysis, string from, string to)
    {
        lock (_writing)
        {
            if (VersionBuiltBy(analysis) != from) return false;
            Commit(to, analysis);
            return true;
        }
    }

    private void Commit(string version, string analysis)
    {
        var data = new Dictionary<string, string> { [VersionKey] = version, [AnalysisKey] = analysis };
        _writer.SetCommitData(data);
        _writer.Commit();
        _committed = data;
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Adds or replaces these documents (by id) and removes those ids, commits, then lets searchers see the change.</summary>
    public void Apply(string version, string analysis, IEnumerable<SearchDocument> upserts, IEnumerable<string> deletions, Func<SearchDocument, Document> toLucene)
    {
        lock (_writing)
        {
            foreach (var document in upserts) _writer.UpdateDocument(new Term(IndexFields.Id, document.Id), toLucene(document));
            foreach (var id in deletions) _writer.DeleteDocuments(new Term(IndexFields.Id, id));
            Commit(version, analysis);
        }
    }

    public T Read<T>(Func<CatalogSearcher, T> read)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return read((CatalogSearcher)searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
    }

    /// <summary>The index is a derived cache: one that cannot be opened (corrupt, or from another Lucene format) is rebuilt.</summary>
    private static IndexWriter OpenWriter(Directory directory, string? path, Analyzer analyzer, Similarity similarity)
    {
        try
        {
            return new IndexWriter(directory, Config(analyzer, similarity, OpenMode.CREATE_OR_APPEND));
        }
        catch (Exception e) when (e is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or EndOfStreamException)
        {
            if (path is not null)
                foreach (var file in System.IO.Directory.GetFiles(path).Where(f => !f.EndsWith("write.lock", StringComparison.Ordinal)))
                    File.Delete(file);
            return new IndexWriter(directory, Config(analyzer, similarity, OpenMode.CREATE));
        }
    }

    private static IndexWriterConfig Config(Analyzer analyzer, Similarity similarity, OpenMode mode) => new(Analysis.AnalysisResources.Version, analyzer)
    {
        OpenMode = mode,
        Similarity = similarity,
        Codec = new CatalogCodec(),
        RAMBufferSizeMB = 64,
    };

    private sealed class CatalogSearcherFactory(Similarity similarity, int rememberedQueries, SearchParts parts) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new CatalogSearcher(reader, rememberedQueries, parts) { Similarity = similarity };
    }
}

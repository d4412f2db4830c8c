using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Lucene40;
using Lucene.Net.Codecs.Lucene46;

namespace MatchApi.Search.Indexing;

/// <summary>
/// Lucene 4.6's codec with stored fields and term vectors kept uncompressed: every page of results reads the texts and
/// term vectors of its hits for snippets, and decompressing a 16 KB block per hit cost more than the search itself.
/// The catalog is small text, so the larger files are cheap.
/// </summary>
[CodecName("MatchApiCatalog1")]
internal sealed class CatalogCodec() : FilterCodec(new Lucene46Codec())
{
    private static readonly System.Threading.Lock Registering = new();
    private static bool _registered;

    private readonly StoredFieldsFormat _storedFields = new Lucene40StoredFieldsFormat();
    private readonly TermVectorsFormat _termVectors = new Lucene40TermVectorsFormat();

    public override StoredFieldsFormat StoredFieldsFormat => _storedFields;
    public override TermVectorsFormat TermVectorsFormat => _termVectors;

    /// <summary>Lucene finds a segment's codec by name when it opens the index, so the name must be registered first.</summary>
    public static void Register()
    {
        lock (Registering)
        {
            if (_registered) return;
            Codec.SetCodecFactory(new DefaultCodecFactory { CustomCodecTypes = [typeof(CatalogCodec)] });
            _registered = true;
        }
    }
}

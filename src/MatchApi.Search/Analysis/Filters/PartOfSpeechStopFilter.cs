using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using MatchApi.Search.Analysis.TokenAttributes;

namespace MatchApi.Search.Analysis.Filters;

/// <summary>
/// Removes tokens whose part-of-speech tag is one of the stop tags (particles, auxiliary verbs, symbols: see
/// Resources/stoptags.txt), as Kuromoji's JapanesePartOfSpeechStopFilter does; the gap stays in the positions.
/// </summary>
public sealed class PartOfSpeechStopFilter : FilteringTokenFilter
{
    private readonly IReadOnlySet<string> _stopTags;
    private readonly IPartOfSpeechAttribute _partOfSpeech;

    public PartOfSpeechStopFilter(LuceneVersion version, TokenStream input, IReadOnlySet<string> stopTags) : base(version, input)
    {
        _stopTags = stopTags;
        _partOfSpeech = AddAttribute<IPartOfSpeechAttribute>();
    }

    protected override bool Accept() => _partOfSpeech.PartOfSpeech is not { } tag || !_stopTags.Contains(tag);
}

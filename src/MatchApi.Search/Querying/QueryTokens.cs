using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using MatchApi.Search.Analysis;
using MatchApi.Search.Analysis.TokenAttributes;

namespace MatchApi.Search.Querying;

/// <summary>A token of an analysed query text: the indexed term, its position (gaps where stop filters removed words) and offsets.</summary>
internal sealed record QueryToken(string Term, string? PartOfSpeech, int Position, int Start, int End)
{
    public bool IsRankingOnly => AnalysisResources.RankingOnlyWords.Contains(Term) || PartOfSpeech is { } tag &&
        AnalysisResources.RankingOnlyTags.Any(t => tag == t || tag.StartsWith(t + "-", StringComparison.Ordinal));
}

internal static class QueryTokens
{
    public static IReadOnlyList<QueryToken> Of(Analyzer analyzer, string field, string text)
    {
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var partOfSpeech = stream.HasAttribute<IPartOfSpeechAttribute>() ? stream.GetAttribute<IPartOfSpeechAttribute>() : null;
        var tokens = new List<QueryToken>();
        var position = -1;
        stream.Reset();
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add(new QueryToken(term.ToString(), partOfSpeech?.PartOfSpeech, position, offset.StartOffset, offset.EndOffset));
        }
        stream.End();
        return tokens;
    }
}

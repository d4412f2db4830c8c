using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using MatchApi.Search.Analysis.TokenAttributes;

namespace MatchApi.Search.Analysis;

/// <summary>One named step of an analysis chain, for building the chain and for explaining it.</summary>
public sealed record AnalysisStage(string Name, Func<TokenStream, TokenStream> Apply);

/// <summary>An analyzer written as char filters, a tokenizer and a list of named stages, so it can explain itself stage by stage.</summary>
public abstract class ChainAnalyzer : Analyzer
{
    public abstract string Representation { get; }

    public abstract string TokenizerName { get; }

    public abstract string CharFilterDescription { get; }

    public abstract IReadOnlyList<AnalysisStage> Stages { get; }

    public abstract TextReader ApplyCharFilters(TextReader reader);

    public abstract Tokenizer CreateTokenizer(TextReader reader);

    protected sealed override TextReader InitReader(string fieldName, TextReader reader) => ApplyCharFilters(reader);

    protected sealed override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = CreateTokenizer(reader);
        return new TokenStreamComponents(tokenizer, Stages.Aggregate((TokenStream)tokenizer, (stream, stage) => stage.Apply(stream)));
    }

    /// <summary>The tokenizer's tokens, then each stage's, with what each stage removed (tokens nothing after it overlaps).</summary>
    public IReadOnlyList<StageTokens> Explain(string text)
    {
        var result = new List<StageTokens>();
        IReadOnlyList<AnalyzedToken> previous = [];
        for (var k = 0; k <= Stages.Count; k++)
        {
            var tokens = Run(text, Stages.Take(k));
            var removed = previous.Where(p => !tokens.Any(t => t.Start < p.End && p.Start < t.End)).ToList();
            result.Add(new StageTokens(k == 0 ? $"tokenizer:{TokenizerName}" : Stages[k - 1].Name, tokens, removed));
            previous = tokens;
        }
        return result;
    }

    private IReadOnlyList<AnalyzedToken> Run(string text, IEnumerable<AnalysisStage> stages)
    {
        var tokenizer = CreateTokenizer(ApplyCharFilters(new StringReader(text)));
        using var stream = stages.Aggregate((TokenStream)tokenizer, (s, stage) => stage.Apply(s));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        T? Optional<T>() where T : class, Lucene.Net.Util.IAttribute => stream.HasAttribute<T>() ? stream.GetAttribute<T>() : null;
        var baseForm = Optional<IBaseFormAttribute>();
        var partOfSpeech = Optional<IPartOfSpeechAttribute>();
        var reading = Optional<IReadingAttribute>();
        var tokens = new List<AnalyzedToken>();
        var position = -1;
        stream.Reset();
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            var (start, end) = (Math.Clamp(offset.StartOffset, 0, text.Length), Math.Clamp(offset.EndOffset, 0, text.Length));
            tokens.Add(new AnalyzedToken(term.ToString(), text[start..Math.Max(start, end)], baseForm?.BaseForm, partOfSpeech?.PartOfSpeech,
                reading?.Reading, position, start, end));
        }
        stream.End();
        return tokens;
    }
}

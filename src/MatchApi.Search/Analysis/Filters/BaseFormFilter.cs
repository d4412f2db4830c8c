using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using MatchApi.Search.Analysis.TokenAttributes;

namespace MatchApi.Search.Analysis.Filters;

/// <summary>Replaces an inflected word by its dictionary form (行っ → 行う), as Kuromoji's JapaneseBaseFormFilter does.</summary>
public sealed class BaseFormFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly IBaseFormAttribute _baseForm;
    private readonly IKeywordAttribute _keyword;

    public BaseFormFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _baseForm = AddAttribute<IBaseFormAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        if (!_keyword.IsKeyword && _baseForm.BaseForm is { Length: > 0 } baseForm) _term.SetEmpty().Append(baseForm);
        return true;
    }
}

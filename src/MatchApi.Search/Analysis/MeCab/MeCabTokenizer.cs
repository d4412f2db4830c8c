using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using MatchApi.Search.Analysis.TokenAttributes;

namespace MatchApi.Search.Analysis.MeCab;

/// <summary>
/// Splits text into MeCab morphemes (Kuromoji's JapaneseTokenizer, with MeCab/IPADIC in place of Kuromoji's own
/// lattice): the surface as the term, UTF-16 offsets into the original text (through the char filters' corrections),
/// and the base form, part of speech and reading as attributes for the filters downstream.
/// </summary>
public sealed class MeCabTokenizer : Tokenizer
{
    private readonly MeCabTagger _tagger;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IBaseFormAttribute _baseForm;
    private readonly IPartOfSpeechAttribute _partOfSpeech;
    private readonly IReadingAttribute _reading;
    private IReadOnlyList<Morpheme> _morphemes = [];
    private int _next;
    private int _length;

    public MeCabTokenizer(TextReader input, MeCabTagger tagger) : base(input)
    {
        _tagger = tagger;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _baseForm = AddAttribute<IBaseFormAttribute>();
        _partOfSpeech = AddAttribute<IPartOfSpeechAttribute>();
        _reading = AddAttribute<IReadingAttribute>();
    }

    public override void Reset()
    {
        base.Reset();
        var text = m_input.ReadToEnd();
        _length = text.Length;
        _morphemes = _tagger.Parse(text);
        _next = 0;
    }

    public override bool IncrementToken()
    {
        if (_next >= _morphemes.Count) return false;
        ClearAttributes();
        var m = _morphemes[_next++];
        _term.SetEmpty().Append(m.Surface);
        _offset.SetOffset(CorrectOffset(m.Start), CorrectOffset(m.End));
        _baseForm.BaseForm = m.BaseForm;
        _partOfSpeech.PartOfSpeech = m.PartOfSpeech;
        _reading.Reading = m.Reading;
        return true;
    }

    public override void End()
    {
        base.End();
        var final = CorrectOffset(_length);
        _offset.SetOffset(final, final);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _morphemes = [];
        base.Dispose(disposing);
    }
}

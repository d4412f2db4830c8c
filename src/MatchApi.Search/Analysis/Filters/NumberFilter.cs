using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using MatchApi.Search.Analysis.TokenAttributes;
using System.Globalization;

namespace MatchApi.Search.Analysis.Filters;

/// <summary>
/// Joins a run of adjacent number morphemes into one term holding its value in Arabic digits (7000 万 → 70000000,
/// 七 千 万 → 70000000, 1 億 → 100000000, 1 . 5 億 → 150000000), as Lucene's JapaneseNumberFilter (Kuromoji, from
/// Lucene 6) does, so an amount matches however it was written; a 円 right after it is part of the amount (7000万円 is
/// one term, 70000000, whose offsets span 円). A run it cannot read as a number (数 百 万) stays as MeCab split it.
/// </summary>
public sealed class NumberFilter : TokenFilter
{
    /// <summary>The part of speech of a number morpheme, and of the value term the filter makes of a run of them.</summary>
    public const string NumberTag = "名詞-数";
    private const string DecimalPoint = ".";
    private const string Yen = "円";

    /// <summary>Longer runs are left alone: no amount has more characters, and the value must fit a decimal.</summary>
    private const int MaxRunLength = 24;

    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPartOfSpeechAttribute _partOfSpeech;
    private readonly IBaseFormAttribute _baseForm;
    private readonly IReadingAttribute _reading;
    private readonly Queue<State> _pending = new();
    private readonly List<(State State, string Text, int End)> _run = [];
    private bool _exhausted;

    public NumberFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _partOfSpeech = AddAttribute<IPartOfSpeechAttribute>();
        _baseForm = AddAttribute<IBaseFormAttribute>();
        _reading = AddAttribute<IReadingAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_pending.TryDequeue(out var pending))
        {
            RestoreState(pending);
            return true;
        }
        if (_exhausted || !m_input.IncrementToken()) return false;
        if (!IsNumber()) return true;

        _run.Clear();
        _run.Add((CaptureState(), _term.ToString(), _offset.EndOffset));
        State? after = null;
        while (m_input.IncrementToken())
        {
            var text = _term.ToString();
            if (_offset.StartOffset != _run[^1].End || !(IsNumber() || text == DecimalPoint))
            {
                after = CaptureState();
                break;
            }
            _run.Add((CaptureState(), text, _offset.EndOffset));
        }
        var length = _run.Count;
        while (_run[length - 1].Text == DecimalPoint) length--;
        var value = Value(string.Concat(_run.Take(length).Select(t => t.Text)));
        var end = _run[length - 1].End;
        if (value is not null && length == _run.Count && after is not null && _offset.StartOffset == end && _term.ToString() == Yen)
        {
            // 7,000万円 is one amount: the term is its value, its offsets span 円, so a highlight marks the amount whole.
            end = _offset.EndOffset;
            after = m_input.IncrementToken() ? CaptureState() : null;
        }
        _exhausted = after is null;
        foreach (var token in _run.Skip(value is null ? 1 : length)) _pending.Enqueue(token.State);
        if (after is not null) _pending.Enqueue(after);

        RestoreState(_run[0].State);
        if (value is null) return true;
        _term.SetEmpty().Append(value);
        _offset.SetOffset(_offset.StartOffset, end);
        _baseForm.BaseForm = null;
        _reading.Reading = null;
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _pending.Clear();
        _exhausted = false;
    }

    private bool IsNumber() => _partOfSpeech.PartOfSpeech?.StartsWith(NumberTag, StringComparison.Ordinal) == true;

    /// <summary>The value of Arabic or kanji digits with 十百千 and 万億兆 (二千五百万 = 25000000), or null when the text is not one.</summary>
    public static string? Value(string text)
    {
        if (text.Length > MaxRunLength) return null;
        try
        {
            return Read(text);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static string? Read(string text)
    {
        decimal total = 0, section = 0, current = 0, fractionScale = 0;
        var digits = false;
        foreach (var c in text)
        {
            if (Digit(c) is { } digit)
            {
                if (fractionScale > 0) current += digit * (fractionScale /= 10);
                else current = current * 10 + digit;
                digits = true;
            }
            else if (c == '.')
            {
                if (fractionScale > 0 || !digits) return null;
                fractionScale = 1;
            }
            else if (SmallUnit(c) is { } small)
            {
                section += (digits ? current : 1) * small;
                (current, digits, fractionScale) = (0, false, 0);
            }
            else if (LargeUnit(c) is { } large)
            {
                var multiplier = section + current;
                total += (multiplier == 0 ? 1 : multiplier) * large;
                (section, current, digits, fractionScale) = (0, 0, false, 0);
            }
            else return null;
        }
        return (total + section + current).ToString("0.##########", CultureInfo.InvariantCulture);
    }

    private static int? Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        '〇' or '零' => 0,
        _ => "一二三四五六七八九".IndexOf(c) is var i and >= 0 ? i + 1 : null,
    };

    private static decimal? SmallUnit(char c) => c switch { '十' => 10, '百' => 100, '千' => 1_000, _ => null };

    private static decimal? LargeUnit(char c) => c switch { '万' => 10_000m, '億' => 100_000_000m, '兆' => 1_000_000_000_000m, _ => null };
}

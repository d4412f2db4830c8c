using System.Globalization;
using MatchApi.Catalog.Model;
using MatchApi.Search.Querying;

namespace MatchApi.Infrastructure;

/// <summary>
/// Parses raw request values and collects, per parameter or field, what is wrong and what is accepted,
/// so one 400 problem+json names every offending input at once.
/// The answer stays small whatever the input: what a field accepts is said once per field, a field lists at most
/// <see cref="MaxMessagesPerField"/> problems and the rest are counted, and at most <see cref="MaxFields"/> fields
/// are named (a 64 KB body of 30,000 invalid values once answered 9 MB).
/// </summary>
public sealed class InputErrors
{
    public const int MaxMessagesPerField = 5;
    public const int MaxFields = 12;

    /// <summary>Longest echo of a caller's value or field name in an error.</summary>
    public const int MaxEcho = 40;

    private readonly Dictionary<string, FieldErrors> _errors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _omittedFields = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>How many more fields were invalid than <see cref="ToDictionary"/> names.</summary>
    public int OmittedFields => _omittedFields.Count;

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.Messages());

    /// <param name="name">The parameter or field (cut to <see cref="MaxEcho"/> characters).</param>
    /// <param name="problem">What is wrong with this value, as a sentence.</param>
    /// <param name="accepted">What the field accepts; said once per field, with the first problem it explains.</param>
    public void Add(string name, string problem, string? accepted = null)
    {
        name = Shorten(name);
        if (!_errors.TryGetValue(name, out var field))
        {
            if (_errors.Count >= MaxFields)
            {
                _omittedFields.Add(name);
                return;
            }
            _errors[name] = field = new FieldErrors();
        }
        field.Add(problem, accepted);
    }

    /// <summary>Echoed input is cut short so a huge value cannot bloat an error or a log line.</summary>
    public static string Shorten(string value) => value.Length <= MaxEcho ? value : value[..MaxEcho] + "…";

    public IReadOnlySet<string> Codes(string name, Vocabulary vocabulary, IEnumerable<string?>? values)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in (values ?? []).SelectMany(SplitList))
        {
            if (vocabulary.TryResolve(value, out var code)) codes.Add(code);
            else Add(name, $"'{Shorten(value)}' is not a {vocabulary.Name} value.", vocabulary.Describe());
        }
        return codes;
    }

    public string? Code(string name, Vocabulary vocabulary, string? value)
    {
        if (value is null) return null;
        if (vocabulary.TryResolve(value, out var code)) return code;
        Add(name, $"'{Shorten(value)}' is not a {vocabulary.Name} value.", vocabulary.Describe());
        return null;
    }

    public int Integer(string name, string? value, int fallback, int min, int max)
    {
        if (value is null) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        Add(name, $"'{Shorten(value)}' is not accepted.", $"an integer from {min} to {max}");
        return fallback;
    }

    public bool? Boolean(string name, string? value)
    {
        if (value is null) return null;
        if (bool.TryParse(value, out var flag)) return flag;
        Add(name, $"'{Shorten(value)}' is not accepted.", "true or false");
        return null;
    }

    public DateOnly? Date(string name, string? value)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        Add(name, $"'{Shorten(value)}' is not accepted.", "a date as YYYY-MM-DD, e.g. 2026-04-01");
        return null;
    }

    public TEnum? Enum<TEnum>(string name, string? value) where TEnum : struct, System.Enum
    {
        if (value is null) return null;
        var accepted = System.Enum.GetValues<TEnum>().Select(ChoiceName).ToArray();
        if (accepted.Contains(value.Trim().ToLowerInvariant()) && System.Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed))
            return parsed;
        Add(name, $"'{Shorten(value)}' is not accepted.", string.Join(", ", accepted));
        return null;
    }

    /// <summary>How an enum value is written in a request: its name in lower case (sort=deadline).</summary>
    public static string ChoiceName<TEnum>(TEnum value) where TEnum : struct, System.Enum => value.ToString().ToLowerInvariant();

    public string? Text(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (value.Length <= UserQuery.MaxLength) return value;
        Add(name, $"Too long: {value.Length} characters. Accepted: at most {UserQuery.MaxLength} characters.");
        return null;
    }

    /// <summary>Repeatable parameters also accept comma-separated lists (stage=clinical,non_clinical).</summary>
    private static IEnumerable<string> SplitList(string? value) =>
        (value ?? "").Split([',', '、', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class FieldErrors
    {
        private readonly List<string> _messages = [];
        private readonly HashSet<string> _acceptedSaid = new(StringComparer.Ordinal);
        private int _omitted;

        public void Add(string problem, string? accepted)
        {
            if (_messages.Count >= MaxMessagesPerField)
            {
                _omitted++;
                return;
            }
            if (accepted is not null && _acceptedSaid.Add(accepted)) problem = $"{problem} Accepted: {accepted}.";
            _messages.Add(problem);
        }

        public string[] Messages() => _omitted == 0
            ? _messages.ToArray()
            : [.. _messages, $"{_omitted} more invalid {(_omitted == 1 ? "value" : "values")} in this field, not listed."];
    }
}

using System.Globalization;
using MatchApi.Catalog.Model;
using MatchApi.Search.Querying;

namespace MatchApi.Infrastructure;

/// <summary>
/// Parses raw request values and collects, per parameter or field, what is wrong and what is accepted,
/// so one 400 problem+json names every offending input at once.
/// </summary>
public sealed class InputErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void Add(string name, string message)
    {
        if (!_errors.TryGetValue(name, out var list)) _errors[name] = list = [];
        list.Add(message);
    }

    public IReadOnlySet<string> Codes(string name, Vocabulary vocabulary, IEnumerable<string?>? values)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in (values ?? []).SelectMany(SplitList))
        {
            if (vocabulary.TryResolve(value, out var code)) codes.Add(code);
            else Add(name, $"'{Shorten(value)}' is not a {vocabulary.Name} value. Accepted: {vocabulary.Describe()}.");
        }
        return codes;
    }

    public string? Code(string name, Vocabulary vocabulary, string? value)
    {
        if (value is null) return null;
        if (vocabulary.TryResolve(value, out var code)) return code;
        Add(name, $"'{Shorten(value)}' is not a {vocabulary.Name} value. Accepted: {vocabulary.Describe()}.");
        return null;
    }

    public int Integer(string name, string? value, int fallback, int min, int max)
    {
        if (value is null) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        Add(name, $"'{Shorten(value)}' is not accepted. Accepted: an integer from {min} to {max}.");
        return fallback;
    }

    public bool? Boolean(string name, string? value)
    {
        if (value is null) return null;
        if (bool.TryParse(value, out var flag)) return flag;
        Add(name, $"'{Shorten(value)}' is not accepted. Accepted: true or false.");
        return null;
    }

    public DateOnly? Date(string name, string? value)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        Add(name, $"'{Shorten(value)}' is not accepted. Accepted: a date as YYYY-MM-DD, e.g. 2026-04-01.");
        return null;
    }

    public TEnum? Enum<TEnum>(string name, string? value) where TEnum : struct, System.Enum
    {
        if (value is null) return null;
        var accepted = System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToArray();
        if (accepted.Contains(value.Trim().ToLowerInvariant()) && System.Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed))
            return parsed;
        Add(name, $"'{Shorten(value)}' is not accepted. Accepted: {string.Join(", ", accepted)}.");
        return null;
    }

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

    /// <summary>Echoed input is cut short so a huge value cannot bloat the error.</summary>
    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

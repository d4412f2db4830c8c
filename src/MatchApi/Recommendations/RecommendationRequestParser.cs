using System.Buffers;
using System.Text;
using System.Text.Json;
using MatchApi.Catalog.Model;
using MatchApi.Infrastructure;
using MatchApi.Matchmaking;
using MatchApi.Search.Querying;
using Microsoft.Net.Http.Headers;

namespace MatchApi.Recommendations;

/// <summary>
/// Reads the recommendation body field by field, so that malformed JSON, a wrong JSON type, an unknown field
/// or an unknown code becomes a 400 naming the field and what it accepts — never a 500.
/// The body is UTF-8 (a byte order mark is skipped); each field may be given once.
/// </summary>
public static class RecommendationRequestParser
{
    /// <summary>The most items one answer carries: the same ceiling as the list's pageSize.</summary>
    public const int MaxLimit = Schemes.SchemeListParameters.MaxPageSize;
    public const int DefaultLimit = 10;

    /// <summary>A body larger than this is refused (the longest valid body is far smaller).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] Fields =
        ["stage", "applicant", "needs", "supportTypes", "query", "activeOn", "limit", "page", "includeIneligible", "deviceDeveloper"];

    private static readonly string AcceptedBody = $"a JSON object with the optional fields {string.Join(", ", Fields)}";

    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, InputErrors errors, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                errors.Add("body", "Too large.", $"a JSON object of at most {MaxBodyBytes / 1024} KB");
                return null;
            }
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        if (IsBlank(bytes.Span)) return null; // every field is optional: an empty body is an empty profile
        if (!IsJsonOrUnstated(request.ContentType))
        {
            errors.Add("Content-Type", $"'{InputErrors.Shorten(request.ContentType ?? "")}' is not accepted.", "application/json (UTF-8)");
            return null;
        }
        if (FirstInvalidUtf8(bytes.Span) is { } invalidAt)
        {
            errors.Add("body", $"Not valid UTF-8: the byte at offset {invalidAt} does not start or continue a UTF-8 character.", "a JSON object encoded as UTF-8");
            return null;
        }
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            errors.Add("body", $"Malformed JSON{where}.", "a JSON object such as {\"stage\": \"non_clinical\", \"needs\": [\"funding\"]}");
            return null;
        }
    }

    /// <summary>The offset of the first byte that is not part of a well-formed UTF-8 sequence, or null.</summary>
    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return null;
        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done) offset += consumed;
        return offset;
    }

    private static bool IsJsonOrUnstated(string? contentType) =>
        string.IsNullOrEmpty(contentType) ||
        (MediaTypeHeaderValue.TryParse(contentType, out var mediaType) &&
         (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
          mediaType.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)) &&
         (mediaType.Charset.Length == 0 || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The profile, the limit (items per page) and the 1-based page from the body (null body: every field absent).</summary>
    public static (Profile Profile, int Limit, int Page) Parse(JsonElement? body, InputErrors errors, DateOnly today)
    {
        var page = 1;
        string? stage = null, applicant = null, query = null;
        IReadOnlySet<string> needs = new HashSet<string>(), supportTypes = new HashSet<string>();
        DateOnly? activeOn = null;
        var limit = DefaultLimit;
        bool includeIneligible = false, deviceDeveloper = Profile.DefaultDeviceDeveloper;

        if (body is { } root)
        {
            if (root.ValueKind != JsonValueKind.Object)
                errors.Add("body", $"A JSON {Kind(root)} is not accepted.", AcceptedBody);
            else
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in root.EnumerateObject())
                {
                    if (FieldName(errors, property) is not { } name) continue;
                    if (!seen.Add(name))
                    {
                        errors.Add(name, "Given more than once; which value should count is ambiguous.", "each field at most once");
                        continue;
                    }
                    var value = property.Value;
                    if (value.ValueKind == JsonValueKind.Null) continue;
                    switch (name)
                    {
                        case "stage": stage = Code(errors, "stage", Vocabularies.Stage, value); break;
                        case "applicant": applicant = Code(errors, "applicant", Vocabularies.Applicant, value); break;
                        case "needs": needs = Codes(errors, "needs", Vocabularies.Need, value); break;
                        case "supportTypes": supportTypes = Codes(errors, "supportTypes", Vocabularies.SupportType, value); break;
                        case "query":
                            if (String(errors, "query", value, $"text of at most {UserQuery.MaxLength} characters") is { } text) query = errors.Text("query", text);
                            break;
                        case "activeOn":
                            if (String(errors, "activeOn", value, "a date as YYYY-MM-DD, e.g. 2026-04-01") is { } day) activeOn = errors.Date("activeOn", day);
                            break;
                        case "limit": limit = Limit(errors, value); break;
                        case "page": page = Page(errors, value); break;
                        case "includeIneligible": includeIneligible = Boolean(errors, "includeIneligible", value) ?? false; break;
                        case "deviceDeveloper": deviceDeveloper = Boolean(errors, "deviceDeveloper", value) ?? Profile.DefaultDeviceDeveloper; break;
                        default:
                            errors.Add(name, $"Unknown field. Accepted fields: {string.Join(", ", Fields)} (names are case-sensitive, camelCase).");
                            break;
                    }
                }
            }
        }

        var profile = new Profile
        {
            Stage = stage,
            Applicant = applicant,
            Needs = needs,
            SupportTypes = supportTypes,
            Query = query,
            ActiveOn = activeOn ?? today,
            IncludeIneligible = includeIneligible,
            DeviceDeveloper = deviceDeveloper,
        };
        return (profile, limit, page);
    }

    /// <summary>The property's name; a name with a lone surrogate escape (\ud800) cannot become a .NET string and is refused.</summary>
    private static string? FieldName(InputErrors errors, JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            errors.Add("body", "A field name is not valid Unicode text (an unpaired surrogate escape).", AcceptedBody);
            return null;
        }
    }

    private static string? Code(InputErrors errors, string name, Vocabulary vocabulary, JsonElement value) =>
        String(errors, name, value, $"one {vocabulary.Name} value: {vocabulary.Describe()}") is { } text ? errors.Code(name, vocabulary, text) : null;

    private static IReadOnlySet<string> Codes(InputErrors errors, string name, Vocabulary vocabulary, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return Text(errors, name, value) is { } single ? errors.Codes(name, vocabulary, [single]) : new HashSet<string>();
            case JsonValueKind.Array:
                var texts = new List<string?>();
                var accepted = vocabulary.Describe();
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String) { if (Text(errors, name, item) is { } text) texts.Add(text); }
                    else errors.Add(name, $"An item of type {Kind(item)} is not accepted: the items are {vocabulary.Name} values.", accepted);
                }
                return errors.Codes(name, vocabulary, texts);
            default:
                errors.Add(name, $"A JSON {Kind(value)} is not accepted: {name} is an array of {vocabulary.Name} values.", vocabulary.Describe());
                return new HashSet<string>();
        }
    }

    private static string? String(InputErrors errors, string name, JsonElement value, string accepted)
    {
        if (value.ValueKind == JsonValueKind.String) return Text(errors, name, value);
        errors.Add(name, $"A JSON {Kind(value)} is not accepted.", accepted);
        return null;
    }

    /// <summary>The string value; a lone surrogate escape (\ud800) cannot become a .NET string and is refused.</summary>
    private static string? Text(InputErrors errors, string name, JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            errors.Add(name, "Not valid Unicode text (an unpaired surrogate escape such as \\ud800).", "well-formed Unicode text");
            return null;
        }
    }

    private static int Limit(InputErrors errors, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number is >= 1 and <= MaxLimit) return number;
        var shown = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : $"a JSON {Kind(value)}";
        errors.Add("limit", $"{InputErrors.Shorten(shown)} is not accepted.", $"an integer from 1 to {MaxLimit} (default {DefaultLimit})");
        return DefaultLimit;
    }

    private static int Page(InputErrors errors, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 1) return number;
        var shown = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : $"a JSON {Kind(value)}";
        errors.Add("page", $"{InputErrors.Shorten(shown)} is not accepted. Accepted: an integer of at least 1 (default 1); a page past the last answers an empty items with the total.");
        return 1;
    }

    private static bool? Boolean(InputErrors errors, string name, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        errors.Add(name, $"A JSON {Kind(value)} is not accepted.", "true or false");
        return null;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;
using MatchApi.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace MatchApi.Curation;

/// <summary>
/// What a curator's write carries besides its record: the change note (X-Change-Note, percent-encoded UTF-8, or a
/// changeNote member of the body) and the body itself, read strictly (UTF-8, one JSON object, each member once, no
/// unknown member) so that every mistake is a 400 naming the field.
/// </summary>
public static class CurationRequest
{
    public const string ChangeNoteHeader = "X-Change-Note";
    public const string ChangeNoteMember = "changeNote";
    public const int MaxChangeNote = 500;
    public const int MaxBodyBytes = 256 * 1024;
    public const string MergePatchType = "application/merge-patch+json";

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>The body as a JSON object, without its changeNote member (returned separately); null after an error.</summary>
    public static async Task<(JsonObject? Body, string? BodyNote)> ReadObjectAsync(HttpRequest request, string mediaType, InputErrors errors, CancellationToken cancellationToken)
    {
        if (!HasMediaType(request.ContentType, mediaType))
        {
            errors.Add("Content-Type", $"'{InputErrors.Shorten(request.ContentType ?? "")}' is not accepted.", $"{mediaType} (UTF-8)");
            return (null, null);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                errors.Add("body", "Too large.", $"a record of at most {MaxBodyBytes / 1024} KB");
                return (null, null);
            }
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            errors.Add("body", "Not valid UTF-8.", "a JSON object encoded as UTF-8");
            return (null, null);
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes.Span, documentOptions: Strict);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            errors.Add("body", $"Malformed JSON{where} (or a member given twice).", "one JSON object, each member once");
            return (null, null);
        }
        if (node is not JsonObject body)
        {
            errors.Add("body", "Not a JSON object.", "one JSON object");
            return (null, null);
        }
        string? note = null;
        if (body.Remove(ChangeNoteMember, out var noteNode) && noteNode is not null)
        {
            if (noteNode.GetValueKind() == JsonValueKind.String) note = noteNode.GetValue<string>();
            else errors.Add(ChangeNoteMember, "Not a string.", "a sentence saying why, e.g. 2027年度公募の締切を追加");
        }
        return (body, note);
    }

    /// <summary>A record in data/schemes' format; a wrong type or an unknown member is an error naming its path.</summary>
    public static Scheme? ToScheme(JsonObject body, InputErrors errors)
    {
        try
        {
            return body.Deserialize<Scheme>(SchemeJson.Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            var message = e.Message.Contains("missing required properties", StringComparison.Ordinal)
                ? e.Message[..Math.Min(e.Message.Length, 160)]
                : e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Not a member of the record format." : "Not of the accepted type.";
            errors.Add(field, message, "the record format of data/scheme.schema.json (as GET /api/v1/schemes/{id}/record returns it)");
            return null;
        }
    }

    /// <summary>The change note, from the header (percent-encoded UTF-8) or the body; required, one line, at most <see cref="MaxChangeNote"/> characters.</summary>
    public static string? ChangeNote(HttpRequest request, string? bodyNote, InputErrors errors)
    {
        string? header = null;
        if (request.Headers.TryGetValue(ChangeNoteHeader, out var values))
        {
            try
            {
                header = Uri.UnescapeDataString(values.ToString());
            }
            catch (UriFormatException)
            {
                errors.Add(ChangeNoteHeader, "Not percent-encoded UTF-8.", "the note percent-encoded as UTF-8 (encodeURIComponent)");
                return null;
            }
        }
        if (header is not null && bodyNote is not null && header != bodyNote)
        {
            errors.Add(ChangeNoteHeader, $"Differs from the body's {ChangeNoteMember}.", "the note in one place");
            return null;
        }
        var note = (header ?? bodyNote)?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            errors.Add(ChangeNoteHeader, "Missing: every write says why.", $"a note in the {ChangeNoteHeader} header (percent-encoded UTF-8) or a {ChangeNoteMember} member of the body, e.g. 2027年度公募の締切を追加");
            return null;
        }
        if (note.Length > MaxChangeNote || note.Any(char.IsControl))
        {
            errors.Add(ChangeNoteHeader, $"{note.Length} characters{(note.Any(char.IsControl) ? " with control characters" : "")}.", $"one line of at most {MaxChangeNote} characters");
            return null;
        }
        return note;
    }

    private static bool HasMediaType(string? contentType, string expected) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType) &&
        mediaType.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase) &&
        (mediaType.Charset.Length == 0 || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}

using System.ComponentModel;
using System.Text.Json;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;

namespace MatchApi.Curation;

/// <summary>One revision in a scheme's history.</summary>
public sealed record RevisionSummary(
    [property: Description("The scheme's revision number (1 = its first).")] int Number,
    [property: Description("The catalog-wide revision sequence: increasing with every accepted change in the whole catalog.")] long Sequence,
    DateTimeOffset CreatedAt,
    [property: Description("The curator's partner id, or data/ for a revision imported from data/schemes.")] string Author,
    [property: Description("The change note (X-Change-Note or changeNote).")] string Note,
    [property: Description("created, updated, retired, restored or imported.")] string Kind,
    bool Retired,
    [property: Description("RFC 6902 JSON Patch from the previous revision's record to this one's (from nothing for the first).")] JsonElement Patch)
{
    public static RevisionSummary From(SchemeRevision r) =>
        new(r.Number, r.Sequence, r.CreatedAt, r.Author, r.Note, r.Kind, r.Retired, JsonDocument.Parse(r.Patch).RootElement.Clone());
}

public sealed record RevisionList(string SchemeId, [property: Description("Newest first.")] IReadOnlyList<RevisionSummary> Items);

/// <summary>A revision in full: its history entry and the record as it was.</summary>
public sealed record RevisionDetail(string SchemeId, RevisionSummary Revision, [property: Description("The record at this revision, in data/schemes' format.")] Scheme Record);

/// <param name="FileRecord">What data/schemes/&lt;id&gt;.json says now (null when the file was deleted).</param>
/// <param name="Patch">RFC 6902 from the kept record to the file's: what importing the file would change.</param>
public sealed record ConflictDto(string SchemeId, DateTimeOffset DetectedAt, int KeptRevision, Scheme? FileRecord, JsonElement Patch, string Resolution);

public sealed record ConflictList(IReadOnlyList<ConflictDto> Items);

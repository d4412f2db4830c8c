namespace MatchApi.Catalog.Model;

/// <summary>
/// One seed document the catalog cites (data/seeds/documents.json): the file name records cite in sources, and what a
/// client can look for instead of a hashed file name. Every field is as the document prints it; null when it does not say.
/// </summary>
public sealed class SeedDocument
{
    /// <summary>The file name in data/seeds, as cited by <see cref="SourceRef.Document"/>.</summary>
    public required string File { get; set; }

    /// <summary>The document's own title.</summary>
    public required string Title { get; set; }

    /// <summary>Who issued it (ministry, council, bureau); null when the document does not say.</summary>
    public string? Publisher { get; set; }

    /// <summary>When it was issued, as far as the document says: YYYY, YYYY-MM or YYYY-MM-DD; null when it does not say.</summary>
    public string? Date { get; set; }

    /// <summary>The date as the document prints it, in Japanese (e.g. 令和5年1月31日, 2025年9月内容改定).</summary>
    public string? DateText { get; set; }

    /// <summary>The lines of the document that print the title, publisher and date: lines or ranges as in sources (e.g. 3-8).</summary>
    public List<string> Lines { get; set; } = [];

    /// <summary>Curator's note: what the document is, why a field is null.</summary>
    public string? Note { get; set; }
}

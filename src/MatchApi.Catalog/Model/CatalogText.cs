using MatchApi.Search.Analysis;

namespace MatchApi.Catalog.Model;

/// <summary>
/// How the catalog compares words: the search engine's one folding (<see cref="TextFolding"/>: look-alikes such as
/// 靭/靱 and the dash family, NFKC with case folding, digit grouping), trimmed. Names and aliases unique for the rules
/// are then unique for search too, and a vocabulary form matches however it is typed.
/// </summary>
public static class CatalogText
{
    public static string Fold(string text) => TextFolding.Fold(text).Trim();
}

using System.Collections.Frozen;

namespace MatchApi.Search;

/// <summary>
/// Groups of equivalent terms applied at query time, read from a plain file: one group per line,
/// comma-separated (Solr style), '#' starts a comment. Entries are compared after character normalisation.
/// </summary>
public sealed class Synonyms
{
    private readonly FrozenDictionary<string, string[]> _groupByEntry;

    private Synonyms(IEnumerable<string[]> groups)
    {
        var map = new Dictionary<string, string[]>();
        foreach (var group in groups)
            foreach (var entry in group)
                map[Key(entry)] = map.TryGetValue(Key(entry), out var existing) ? [.. existing.Union(group)] : group;
        _groupByEntry = map.ToFrozenDictionary();
    }

    public static readonly Synonyms None = new([]);

    public int Count => _groupByEntry.Count;

    public static Synonyms Load(string? path)
    {
        if (path is null || !File.Exists(path)) return None;
        return Parse(File.ReadAllLines(path));
    }

    public static Synonyms Parse(IEnumerable<string> lines) => new(lines
        .Select(line => line.Split('#', 2)[0])
        .Select(line => line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Where(group => group.Length > 1));

    /// <summary>The word itself and every equivalent the file lists for it.</summary>
    public IReadOnlyList<string> Expand(string word) =>
        _groupByEntry.TryGetValue(Key(word), out var group) ? [word, .. group.Where(g => Key(g) != Key(word))] : [word];

    private static string Key(string entry) => Analysis.NormalizedText.From(entry).Text.Replace(" ", "");
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using MatchApi.Catalog.Model;
using MatchApi.Search.Querying;

namespace MatchApi.Catalog.Infrastructure;

/// <summary>
/// The one way a curated record is written: data/schemes' format (camelCase, two-space indent, Japanese unescaped, a
/// final newline), the curated fields only, and the curated-fact fields (urlSource, calls, contacts) left out while
/// empty, so a record without them reads and writes back byte for byte. The database stores this text, an export
/// writes it, and its hash tells whether a data file changed.
/// </summary>
public static class SchemeJson
{
    /// <summary>Optional members left out while empty, false or null, as data/ writes them.</summary>
    private static readonly HashSet<string> OmittedWhenEmpty = ["openToAllApplicants", "urlSource", "calls", "contacts"];

    public static readonly JsonSerializerOptions Options = new(CatalogFiles.Json)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitEmptyCuratedFacts } },
    };

    public static string Write(Scheme scheme) => JsonSerializer.Serialize(scheme, Options) + "\n";

    public static Scheme Read(string json) =>
        ShareRepeatedValues(JsonSerializer.Deserialize<Scheme>(json, Options) ?? throw new JsonException("empty record"));

    /// <summary>How many distinct repeated values are kept as one string each; past that a value keeps its own copy.</summary>
    private const int MaxSharedValues = 65_536;

    private static readonly BoundedCache<string, string> SharedValues = new(MaxSharedValues, StringComparer.Ordinal);

    /// <summary>
    /// Values that repeat from record to record (vocabulary codes, keywords, agencies, cited documents and their line
    /// ranges) held as one string each, however many records hold them: they are about half of a record's strings.
    /// </summary>
    private static Scheme ShareRepeatedValues(Scheme s)
    {
        foreach (var list in new[] { s.SupportTypes, s.Categories, s.Stages, s.Applicants, s.Needs, s.PrimaryNeeds, s.Keywords })
            Share(list);
        s.Ministry = Shared(s.Ministry);
        s.Agency = Shared(s.Agency);
        foreach (var budget in s.Budgets) budget.Kind = Shared(budget.Kind);
        foreach (var cap in s.GrantCaps)
        {
            cap.Per = Shared(cap.Per);
            Share(cap.Stages);
        }
        foreach (var relation in s.Related) relation.RelationType = Shared(relation.RelationType);
        foreach (var source in s.Sources) (source.Document, source.Lines, source.About) = (Shared(source.Document), Shared(source.Lines), Shared(source.About));
        return s;
    }

    private static void Share(List<string> values)
    {
        for (var i = 0; i < values.Count; i++) values[i] = Shared(values[i]);
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private static string? Shared(string? value) => value is null ? null : SharedValues.GetOrAdd(value, static v => v);

    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>Leaves urlSource, calls and contacts out of a record while empty (also for the API's JSON, so records read the same everywhere).</summary>
    public static void OmitEmptyCuratedFacts(JsonTypeInfo type)
    {
        var omitted = type.Type == typeof(Scheme) ? OmittedWhenEmpty
            : type.Type == typeof(Budget) ? ["belongsTo"]
            : type.Type == typeof(GrantCap) ? ["stages"]
            : [];
        foreach (var property in type.Properties.Where(p => omitted.Contains(p.Name)))
            property.ShouldSerialize = (_, value) => value switch
            {
                null or false => false,
                System.Collections.ICollection list => list.Count > 0,
                _ => true,
            };
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using MatchApi.Catalog.Model;

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
        JsonSerializer.Deserialize<Scheme>(json, Options) ?? throw new JsonException("empty record");

    /// <summary>A deep copy, through the stored format.</summary>
    public static Scheme Copy(Scheme scheme) => Read(Write(scheme));

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

using System.Security.Cryptography;
using System.Text.Json;
using MatchApi.Catalog;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Schemes;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MatchApi.Curation;

/// <summary>
/// Strong ETags per scheme: "{revision}-{hash}", the hash of the exact representation (the detail, or the curated
/// record), so an ETag names one revision of one scheme. A write's If-Match accepts the current ETag of either; any
/// other value (an older revision, a weak tag) is a 412.
/// </summary>
public sealed class SchemeETags(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public string OfDetail(SchemeDetail detail) =>
        Tag(detail.Revision, JsonSerializer.SerializeToUtf8Bytes(detail, json.Value.SerializerOptions));

    public string OfRecord(CuratedScheme scheme) =>
        Tag(scheme.Revision, System.Text.Encoding.UTF8.GetBytes(SchemeJson.Write(scheme.Record)));

    /// <summary>The scheme's current ETags (detail and record); none for an unknown id.</summary>
    public IReadOnlyList<string> Current(CatalogSnapshot catalog, string id, DateTimeOffset now)
    {
        if (!catalog.Curated.TryGetValue(id, out var curated)) return [];
        var scheme = catalog.Find(id) ?? catalog.FindRetired(id)!;
        return [OfDetail(SchemeDetail.From(scheme, catalog, now)), OfRecord(curated)];
    }

    /// <summary>Whether If-Match names a current ETag (strong comparison; * matches an existing scheme).</summary>
    public static bool Matches(string ifMatch, IReadOnlyList<string> current)
    {
        if (current.Count == 0) return false;
        if (!EntityTagHeaderValue.TryParseList([ifMatch], out var tags)) return false;
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) ||
                               current.Any(c => tag.Compare(EntityTagHeaderValue.Parse(c), useStrongComparison: true)));
    }

    private static string Tag(int revision, ReadOnlySpan<byte> representation) =>
        $"\"{revision}-{Convert.ToHexStringLower(SHA256.HashData(representation).AsSpan(0, 8))}\"";
}

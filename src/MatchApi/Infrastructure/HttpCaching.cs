using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace MatchApi.Infrastructure;

/// <summary>ETags, Cache-Control and Vary, and If-None-Match, for the API's answers and the embedded assets.</summary>
public static class HttpCaching
{
    /// <summary>API responses differ by encoding; their CORS headers by origin and key.</summary>
    public const string ApiVaryHeaders = "Accept-Encoding, Origin, X-Api-Key";

    /// <summary>This build of the service: in every ETag and output-cache key.</summary>
    internal static readonly string BuildId = typeof(HttpCaching).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>W/"…": a hash of the catalog version, the service build, the date, and the path and query.</summary>
    public static string ETagFor(string catalogVersion, DateOnly today, PathString path, QueryString query)
    {
        var input = $"{catalogVersion}\n{BuildId}\n{today:yyyy-MM-dd}\n{path.Value}\n{query.Value}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        return $"W/\"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}\"";
    }

    /// <summary>W/"…" of fixed content, e.g. the widget script.</summary>
    public static string ETagForContent(ReadOnlySpan<byte> content) =>
        $"W/\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16))}\"";

    public static string CacheControl(int maxAgeSeconds) =>
        maxAgeSeconds > 0 ? "public, max-age=" + maxAgeSeconds.ToString(CultureInfo.InvariantCulture) : "no-cache";

    /// <summary>Weak comparison, as RFC 9110 prescribes for If-None-Match; * matches any current representation.</summary>
    public static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0) return false;
        if (!EntityTagHeaderValue.TryParseList(header, out var tags)) return false;
        var current = EntityTagHeaderValue.Parse(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }

    public static void SetHeaders(HttpResponse response, string etag, string cacheControl, string vary = ApiVaryHeaders)
    {
        response.Headers.ETag = etag;
        response.Headers.CacheControl = cacheControl;
        var names = response.Headers.Vary.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Concat(vary.Split(',', StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        response.Headers.Vary = string.Join(", ", names);
    }
}

using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using MatchApi.Catalog;
using MatchApi.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MatchApi.Partners;

/// <summary>
/// ETag, Cache-Control and Vary for GET/HEAD on the partner endpoints, and 304 for a matching If-None-Match without running the handler.
/// The ETag is weak (the same JSON may be sent br, gzip or identity) and derives from the catalog version
/// (CatalogSnapshot.Version, which changes with the data), this build of the service, the request path and query,
/// and today's date in Japan (the default activeOn of recommendations and the roadmap).
/// </summary>
internal sealed class HttpCachingFilter(CatalogStore store, IOptions<PartnerOptions> options) : IEndpointFilter
{
    /// <summary>Responses differ by encoding; CORS headers by origin and key.</summary>
    internal const string VaryHeaders = "Accept-Encoding, Origin, X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) || store.Current is null)
            return await next(context);

        // The scoped snapshot is the one the handler receives, so the ETag names exactly the catalog it answers from.
        var catalog = http.RequestServices.GetRequiredService<CatalogSnapshot>();
        var cacheControl = HttpCaching.CacheControl(options.Value.CacheMaxAgeSeconds);
        if (http.GetEndpoint()?.Metadata.GetMetadata<OwnETagMetadata>() is not null)
        {
            // The handler sets a strong ETag of its own (one scheme's revision) and answers If-None-Match itself.
            var own = await next(context);
            if (StatusCodeOf(own) is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
                HttpCaching.SetHeaders(http.Response, http.Response.Headers.ETag.ToString(), cacheControl);
            else http.Response.Headers.CacheControl = "no-cache";
            return own;
        }
        var etag = HttpCaching.ETagFor(catalog.Version, JapanCalendar.Today(http), http.Request.Path, http.Request.QueryString);

        if (HttpCaching.IfNoneMatch(http.Request, etag))
        {
            HttpCaching.SetHeaders(http.Response, etag, cacheControl);
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        // Set before the result runs (not when the response starts), so the output cache stores them with the body.
        var result = await next(context);
        if (StatusCodeOf(result) == StatusCodes.Status200OK) HttpCaching.SetHeaders(http.Response, etag, cacheControl);
        else http.Response.Headers.CacheControl = "no-cache";
        return result;
    }

    /// <summary>The status a handler's result will send, looking inside Results&lt;…&gt; unions.</summary>
    private static int? StatusCodeOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusCodeOf(nested.Result),
        IStatusCodeHttpResult withStatus => withStatus.StatusCode,
        _ => null,
    };
}

public static class HttpCaching
{
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

    public static void SetHeaders(HttpResponse response, string etag, string cacheControl, string vary = HttpCachingFilter.VaryHeaders)
    {
        response.Headers.ETag = etag;
        response.Headers.CacheControl = cacheControl;
        var names = response.Headers.Vary.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Concat(vary.Split(',', StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        response.Headers.Vary = string.Join(", ", names);
    }
}

/// <summary>On a GET whose handler sets its own (strong) ETag and answers If-None-Match itself: the caching filter adds only Cache-Control and Vary.</summary>
public sealed record OwnETagMetadata;

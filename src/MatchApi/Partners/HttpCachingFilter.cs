using MatchApi.Catalog;
using MatchApi.Infrastructure;
using Microsoft.Extensions.Options;

namespace MatchApi.Partners;

/// <summary>
/// ETag, Cache-Control and Vary for GET/HEAD on the partner endpoints, and 304 for a matching If-None-Match without running the handler.
/// The ETag is weak (the same JSON may be sent br, gzip or identity) and derives from the catalog version
/// (CatalogSnapshot.Version, which changes with the data), this build of the service, the request path and query,
/// and today's date in Japan (the default activeOn of recommendations and the roadmap).
/// </summary>
internal sealed class HttpCachingFilter(CatalogStore store, IOptions<PartnerOptions> options) : IEndpointFilter
{
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

/// <summary>On a GET whose handler sets its own (strong) ETag and answers If-None-Match itself: the caching filter adds only Cache-Control and Vary.</summary>
public sealed record OwnETagMetadata;

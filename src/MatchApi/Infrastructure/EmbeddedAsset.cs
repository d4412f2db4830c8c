
namespace MatchApi.Infrastructure;

/// <summary>
/// A file embedded in the assembly (no CDN, no build step, nothing downloaded at run time), served with a content ETag
/// (304 for a matching If-None-Match); SecurityHeaders adds X-Content-Type-Options: nosniff to every response.
/// </summary>
internal sealed class EmbeddedAsset
{
    private readonly byte[] _content;
    private readonly string _contentType;
    private readonly string _etag;

    private EmbeddedAsset(byte[] content, string contentType)
    {
        _content = content;
        _contentType = contentType;
        _etag = HttpCaching.ETagForContent(content);
    }

    /// <param name="resource">The LogicalName of the EmbeddedResource in MatchApi.csproj.</param>
    public static EmbeddedAsset Load(string resource, string contentType)
    {
        using var stream = typeof(EmbeddedAsset).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new EmbeddedAsset(buffer.ToArray(), contentType);
    }

    public IResult Serve(HttpContext context, string cacheControl)
    {
        HttpCaching.SetHeaders(context.Response, _etag, cacheControl, vary: "Accept-Encoding");
        if (HttpCaching.IfNoneMatch(context.Request, _etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(_content, _contentType);
    }
}

namespace MatchApi.Partners;

/// <summary>Marks the endpoints that partners call (under /api/v1): X-Api-Key, rate limits, and for the public API also CORS per key and HTTP caching.</summary>
public sealed class PartnerAccessMetadata
{
    /// <summary>The public API: cacheable GETs with ETag/304.</summary>
    public static readonly PartnerAccessMetadata Public = new(httpCaching: true);

    /// <summary>Operator endpoints: answers that change without the catalog changing, never cached.</summary>
    public static readonly PartnerAccessMetadata Operator = new(httpCaching: false);

    private PartnerAccessMetadata(bool httpCaching) => HttpCaching = httpCaching;

    public bool HttpCaching { get; }
}

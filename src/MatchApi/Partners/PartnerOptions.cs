namespace MatchApi.Partners;

/// <summary>
/// The "Partners" configuration section: API keys (as SHA-256 hashes only), their origins and limits,
/// the anonymous limit and origins, and HTTP caching.
/// </summary>
/// <example>
/// "Partners": {
///   "Anonymous": { "PermitLimit": 60, "WindowSeconds": 60, "AllowedOrigins": [] },
///   "SameOrigin": { "PermitLimit": 600, "WindowSeconds": 60 },
///   "InvalidKeys": { "PermitLimit": 20, "WindowSeconds": 60 },
///   "Keys": { "kobe": { "Name": "…", "KeyHash": "&lt;sha256 hex&gt;", "AllowedOrigins": ["https://…"], "PermitLimit": 600, "Roles": ["operator"] } },
///   "ExpensiveRequests": { "QueueLimit": 20 },
///   "RefusalLogSeconds": 60
/// }
/// Environment: Partners__Keys__kobe__KeyHash=…, Partners__Keys__kobe__Roles__0=operator
/// </example>
public sealed class PartnerOptions
{
    public const string SectionName = "Partners";

    /// <summary>Callers without X-Api-Key, limited per client IP.</summary>
    public AnonymousAccess Anonymous { get; set; } = new();

    /// <summary>Requests from MatchApi's own pages (the consultant desk) without X-Api-Key, limited per client IP.</summary>
    public SameOriginAccess SameOrigin { get; set; } = new();

    /// <summary>Requests with an unknown or revoked X-Api-Key, limited per client IP: 401 within the limit, 429 over it.</summary>
    public InvalidKeyAccess InvalidKeys { get; set; } = new();

    /// <summary>Partner keys by partner id (a short slug used in logs and rate-limit partitions).</summary>
    public Dictionary<string, PartnerKey> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>max-age of Cache-Control on cacheable GET responses of the API.</summary>
    public int CacheMaxAgeSeconds { get; set; } = 60;

    /// <summary>How long browsers may cache a CORS preflight answer.</summary>
    public int PreflightMaxAgeSeconds { get; set; } = 600;

    /// <summary>How many expensive requests (recommendations, the roadmap, text search) run at once, and how many wait.</summary>
    public ExpensiveRequestOptions ExpensiveRequests { get; set; } = new();

    /// <summary>
    /// Refused requests (401, 429, 503 for a full queue) are logged once per reason and then counted: one summary line per
    /// this many seconds, so refused traffic cannot fill the disk.
    /// </summary>
    public int RefusalLogSeconds { get; set; } = 60;
}

public sealed class AnonymousAccess
{
    public int PermitLimit { get; set; } = 60;
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Origins that may call the API from a browser without a key; "*" allows every origin.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

/// <summary>
/// Browsers mark requests from a page of the same origin with Sec-Fetch-Site: same-origin. A consultant at the desk sends a
/// request per filter click, and several consultants of one office often share a client IP, so the anonymous limit is too low.
/// </summary>
public sealed class SameOriginAccess
{
    public int PermitLimit { get; set; } = 600;
    public int WindowSeconds { get; set; } = 60;
}

public sealed class InvalidKeyAccess
{
    public int PermitLimit { get; set; } = 20;
    public int WindowSeconds { get; set; } = 60;
}

public sealed class ExpensiveRequestOptions
{
    /// <summary>Requests running at once; by default one per processor, since each one keeps a core busy.</summary>
    public int ConcurrencyLimit { get; set; } = Environment.ProcessorCount;

    /// <summary>Requests waiting for a free slot, oldest first; beyond this a request is answered 503 with Retry-After.</summary>
    public int QueueLimit { get; set; } = 20;
}

public sealed class PartnerKey
{
    /// <summary>Display name of the partner (e.g. the support centre).</summary>
    public string? Name { get; set; }

    /// <summary>Lower- or upper-case hex SHA-256 of the key's UTF-8 bytes (printf %s "$KEY" | sha256sum). Never the key itself.</summary>
    public string KeyHash { get; set; } = "";

    /// <summary>Browser origins (scheme://host[:port]) allowed for this key.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    public int PermitLimit { get; set; } = 600;
    public int WindowSeconds { get; set; } = 60;

    /// <summary>A revoked key answers 401 (kept in configuration so its use is recognised and logged by partner id).</summary>
    public bool Revoked { get; set; }

    /// <summary>Roles of <see cref="PartnerRoles"/>, e.g. ["operator"]; none for a partner that only reads.</summary>
    public List<string> Roles { get; set; } = [];

    public bool HasAnyRole(IEnumerable<string> roles) => roles.Any(Roles.Contains);
}

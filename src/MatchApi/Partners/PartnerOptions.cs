using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

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

/// <summary>What a partner key may do besides reading the public API (Partners:Keys:{id}:Roles).</summary>
public static class PartnerRoles
{
    /// <summary>Runs the service: may read the catalog load details (GET /api/v1/operator/catalog-load).</summary>
    public const string Operator = "operator";

    /// <summary>Keeps the catalog current; may also read what operators read.</summary>
    public const string Curator = "curator";

    public static readonly FrozenSet<string> All = new[] { Operator, Curator }.ToFrozenSet(StringComparer.Ordinal);
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

/// <summary>Fails start-up on a configuration that would store a key instead of its hash, or limits that make no sense.</summary>
internal sealed partial class PartnerOptionsValidator : IValidateOptions<PartnerOptions>
{
    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();

    public ValidateOptionsResult Validate(string? name, PartnerOptions options)
    {
        var failures = new List<string>();
        if (options.Anonymous.PermitLimit < 1 || options.Anonymous.WindowSeconds < 1)
            failures.Add("Partners:Anonymous: PermitLimit and WindowSeconds must be at least 1.");
        if (options.SameOrigin.PermitLimit < 1 || options.SameOrigin.WindowSeconds < 1)
            failures.Add("Partners:SameOrigin: PermitLimit and WindowSeconds must be at least 1.");
        if (options.InvalidKeys.PermitLimit < 1 || options.InvalidKeys.WindowSeconds < 1)
            failures.Add("Partners:InvalidKeys: PermitLimit and WindowSeconds must be at least 1.");
        if (options.ExpensiveRequests.ConcurrencyLimit < 1 || options.ExpensiveRequests.QueueLimit < 0)
            failures.Add("Partners:ExpensiveRequests: ConcurrencyLimit must be at least 1 and QueueLimit at least 0.");
        if (options.RefusalLogSeconds < 1)
            failures.Add("Partners:RefusalLogSeconds must be at least 1.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, key) in options.Keys)
        {
            var hash = key.KeyHash ?? "";
            // The value is never echoed: it might be a key pasted by mistake.
            if (!Sha256Hex().IsMatch(hash))
                failures.Add($"Partners:Keys:{id}:KeyHash must be the 64-character hex SHA-256 of the key (printf %s \"$KEY\" | sha256sum), not the key itself.");
            else if (!seen.Add(hash))
                failures.Add($"Partners:Keys:{id}:KeyHash is configured for more than one partner.");
            if (key.PermitLimit < 1 || key.WindowSeconds < 1)
                failures.Add($"Partners:Keys:{id}: PermitLimit and WindowSeconds must be at least 1.");
            foreach (var role in key.Roles.Where(r => !PartnerRoles.All.Contains(r)))
                failures.Add($"Partners:Keys:{id}:Roles: '{role}' is not a role. Accepted: {string.Join(", ", PartnerRoles.All.Order())}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Who is calling: a known partner, an anonymous client, or a key that is not accepted.</summary>
public sealed record PartnerIdentity(PartnerIdentityKind Kind, string? PartnerId, PartnerKey? Key)
{
    public static readonly PartnerIdentity Anonymous = new(PartnerIdentityKind.Anonymous, null, null);
    public static readonly PartnerIdentity UnknownKey = new(PartnerIdentityKind.Unknown, null, null);
}

public enum PartnerIdentityKind { Anonymous, Partner, Unknown, Revoked }

/// <summary>Resolves X-Api-Key to a partner by its SHA-256 hash, once per request (cached in HttpContext.Items).</summary>
public sealed class PartnerDirectory
{
    public const string HeaderName = "X-Api-Key";
    private static readonly object ItemKey = new();

    private readonly FrozenDictionary<string, (string Id, PartnerKey Key)> _byHash;

    public PartnerDirectory(IOptions<PartnerOptions> options)
    {
        Options = options.Value;
        _byHash = Options.Keys.ToFrozenDictionary(k => k.Value.KeyHash.ToLowerInvariant(), k => (k.Key, k.Value), StringComparer.Ordinal);
        AllOrigins = Options.Keys.Values.Where(k => !k.Revoked).SelectMany(k => k.AllowedOrigins)
            .Concat(Options.Anonymous.AllowedOrigins)
            .Select(NormalizeOrigin)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public PartnerOptions Options { get; }

    /// <summary>Every origin allowed for some caller (anonymous or a valid key).</summary>
    public FrozenSet<string> AllOrigins { get; }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public PartnerIdentity Resolve(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is PartnerIdentity identity) return identity;
        identity = Resolve(context.Request.Headers[HeaderName].ToString());
        context.Items[ItemKey] = identity;
        return identity;
    }

    public PartnerIdentity Resolve(string? presentedKey)
    {
        if (string.IsNullOrEmpty(presentedKey)) return PartnerIdentity.Anonymous;
        if (!_byHash.TryGetValue(Hash(presentedKey.Trim()), out var match)) return PartnerIdentity.UnknownKey;
        return new PartnerIdentity(match.Key.Revoked ? PartnerIdentityKind.Revoked : PartnerIdentityKind.Partner, match.Id, match.Key);
    }

    public static string NormalizeOrigin(string origin) => origin.Trim().TrimEnd('/');
}

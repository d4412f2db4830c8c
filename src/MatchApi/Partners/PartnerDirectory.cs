using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MatchApi.Partners;

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

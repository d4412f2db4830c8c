using System.Collections.Frozen;

namespace MatchApi.Partners;

/// <summary>What a partner key may do besides reading the public API (Partners:Keys:{id}:Roles).</summary>
public static class PartnerRoles
{
    /// <summary>Runs the service: may read the catalog load details (GET /api/v1/operator/catalog-load).</summary>
    public const string Operator = "operator";

    /// <summary>Keeps the catalog current; may also read what operators read.</summary>
    public const string Curator = "curator";

    public static readonly FrozenSet<string> All = new[] { Operator, Curator }.ToFrozenSet(StringComparer.Ordinal);
}

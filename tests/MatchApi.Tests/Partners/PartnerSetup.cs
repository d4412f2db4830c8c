using MatchApi.Partners;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Partners;

/// <summary>Partner keys as a test configures them: the key a partner sends, and only its hash in the settings.</summary>
public static class PartnerSetup
{
    public const string AlphaKey = "alpha-3f9c1e7b2d5a4c88";
    public const string BetaKey = "beta-91d0a6c4e2f84b17";
    public const string RevokedKey = "revoked-5b2e8d1f07c94a63";
    public const string AlphaOrigin = "https://alpha-centre.example";
    public const string BetaOrigin = "https://beta-incubator.example";
    public const string PublicOrigin = "https://public-portal.example";

    /// <summary>Two partners with their own origins and limits, one revoked key, and anonymous access for one origin.</summary>
    public static Dictionary<string, string?> Settings(int anonymousLimit, int alphaLimit, int betaLimit, int windowSeconds = 600) => new()
    {
        ["Partners:Anonymous:PermitLimit"] = anonymousLimit.ToString(),
        ["Partners:Anonymous:WindowSeconds"] = windowSeconds.ToString(),
        ["Partners:Anonymous:AllowedOrigins:0"] = PublicOrigin,
        ["Partners:Keys:alpha:Name"] = "アルファ医療機器開発支援センター",
        ["Partners:Keys:alpha:KeyHash"] = PartnerDirectory.Hash(AlphaKey),
        ["Partners:Keys:alpha:AllowedOrigins:0"] = AlphaOrigin,
        ["Partners:Keys:alpha:PermitLimit"] = alphaLimit.ToString(),
        ["Partners:Keys:alpha:WindowSeconds"] = windowSeconds.ToString(),
        ["Partners:Keys:beta:Name"] = "ベータ・インキュベーター",
        ["Partners:Keys:beta:KeyHash"] = PartnerDirectory.Hash(BetaKey),
        ["Partners:Keys:beta:AllowedOrigins:0"] = BetaOrigin,
        ["Partners:Keys:beta:PermitLimit"] = betaLimit.ToString(),
        ["Partners:Keys:beta:WindowSeconds"] = windowSeconds.ToString(),
        ["Partners:Keys:old:KeyHash"] = PartnerDirectory.Hash(RevokedKey),
        ["Partners:Keys:old:Revoked"] = "true",
    };

    public static HttpRequestMessage Get(string url, string? key = null, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null) request.Headers.Add(PartnerDirectory.HeaderName, key);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return request;
    }
}

/// <summary>One service with generous partner limits, for the tests that are not about limits.</summary>
public sealed class PartnerApp() : ReadyApp(new MatchApiFactory(dataPath: null, PartnerSetup.Settings(anonymousLimit: 100_000, alphaLimit: 100_000, betaLimit: 100_000)));

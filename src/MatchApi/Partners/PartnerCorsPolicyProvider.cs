using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace MatchApi.Partners;

/// <summary>
/// CORS for the partner endpoints: an actual request gets the CORS headers only when its Origin is one of its key's origins
/// (or, without a key, one of the anonymous origins). A preflight carries no key, so it is answered for every configured origin;
/// the actual request then decides. Other policy names fall through to the default provider.
/// </summary>
internal sealed class PartnerCorsPolicyProvider : ICorsPolicyProvider
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST"];
    private static readonly string[] RequestHeaders = [PartnerDirectory.HeaderName, "Content-Type", "If-None-Match"];
    private static readonly string[] ExposedHeaders = ["Retry-After", "ETag"];

    private readonly DefaultCorsPolicyProvider _fallback;
    private readonly PartnerDirectory _directory;
    private readonly CorsPolicy _preflight;
    private readonly CorsPolicy _anonymous;
    private readonly Dictionary<string, CorsPolicy> _byPartner;

    public PartnerCorsPolicyProvider(PartnerDirectory directory, IOptions<CorsOptions> corsOptions)
    {
        _fallback = new DefaultCorsPolicyProvider(corsOptions);
        _directory = directory;
        var options = directory.Options;
        _preflight = Build(directory.AllOrigins, options.PreflightMaxAgeSeconds);
        _anonymous = Build(options.Anonymous.AllowedOrigins, options.PreflightMaxAgeSeconds);
        _byPartner = options.Keys.ToDictionary(k => k.Key, k => Build(k.Value.AllowedOrigins, options.PreflightMaxAgeSeconds), StringComparer.Ordinal);
    }

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != PartnerAccess.PolicyName) return _fallback.GetPolicyAsync(context, policyName);
        if (IsPreflight(context.Request)) return Task.FromResult<CorsPolicy?>(_preflight);

        var identity = _directory.Resolve(context);
        var policy = identity.Kind switch
        {
            PartnerIdentityKind.Partner => _byPartner[identity.PartnerId!],
            PartnerIdentityKind.Anonymous => _anonymous,
            // The 401 for a bad key stays readable from any configured origin, so the partner page can say what is wrong.
            _ => _preflight,
        };
        return Task.FromResult<CorsPolicy?>(policy);
    }

    private static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method");

    private static CorsPolicy Build(IEnumerable<string> origins, int maxAgeSeconds)
    {
        var list = origins.Select(PartnerDirectory.NormalizeOrigin).Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var builder = new CorsPolicyBuilder()
            .WithMethods(Methods)
            .WithHeaders(RequestHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromSeconds(maxAgeSeconds));
        if (list.Contains("*")) builder.AllowAnyOrigin();
        else builder.WithOrigins(list);
        return builder.Build();
    }
}

namespace MatchApi.Partners;

/// <summary>Marks the endpoints that partners call (the /api/v1 group): X-Api-Key, CORS per key, rate limits, HTTP caching.</summary>
public sealed class PartnerAccessMetadata
{
    public static readonly PartnerAccessMetadata Instance = new();
}

/// <summary>
/// On partner endpoints, answers 401 problem+json for an X-Api-Key that is unknown or revoked (never silently anonymous).
/// The key itself is never logged: only the partner id, or that an unknown key was presented.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, PartnerDirectory directory, IProblemDetailsService problems, ILogger<ApiKeyMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PartnerAccessMetadata>() is null || HttpMethods.IsOptions(context.Request.Method))
        {
            await next(context);
            return;
        }

        var identity = directory.Resolve(context);
        string? detail = identity.Kind switch
        {
            PartnerIdentityKind.Unknown => $"The {PartnerDirectory.HeaderName} header does not carry a known API key. Omit the header to call anonymously (lower limit), or ask the MatchApi operators for a key.",
            PartnerIdentityKind.Revoked => $"This API key has been revoked. Ask the MatchApi operators for a new key, or omit the {PartnerDirectory.HeaderName} header to call anonymously (lower limit).",
            _ => null,
        };
        if (detail is null)
        {
            await next(context);
            return;
        }

        if (identity.Kind == PartnerIdentityKind.Revoked)
            logger.LogWarning("Rejected a revoked API key of partner {PartnerId} for {Method} {Path}", identity.PartnerId, context.Request.Method, context.Request.Path);
        else
            logger.LogWarning("Rejected an unknown API key for {Method} {Path}", context.Request.Method, context.Request.Path);

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{PartnerDirectory.HeaderName}\"";
        context.Response.Headers.CacheControl = "no-store";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Invalid API key", Detail = detail },
        });
    }
}

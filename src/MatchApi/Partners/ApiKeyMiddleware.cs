namespace MatchApi.Partners;

/// <summary>
/// On partner endpoints, answers 401 problem+json for an X-Api-Key that is unknown or revoked (never silently anonymous),
/// and 429 once a client IP has presented more such keys than Partners:InvalidKeys allows.
/// The key itself is never logged: only the partner id, or that an unknown key was presented (through <see cref="RefusalLog"/>).
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, PartnerDirectory directory, InvalidKeyLimiter invalidKeys, RefusalLog refusals, IProblemDetailsService problems)
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

        using var lease = await invalidKeys.AcquireAsync(context);
        if (!lease.IsAcquired)
        {
            refusals.Record("Too many invalid API keys from one client IP", context);
            var access = invalidKeys.Access;
            await PartnerRateLimiting.WriteTooManyRequestsAsync(context, lease, access.WindowSeconds, seconds =>
                $"Too many requests with an unknown or revoked {PartnerDirectory.HeaderName} from this client IP: the limit is {access.PermitLimit} per {access.WindowSeconds} s. " +
                $"Retry after {seconds} s with a valid key, or without the header.");
            return;
        }

        refusals.Record(identity.Kind == PartnerIdentityKind.Revoked ? $"Rejected a revoked API key of partner {identity.PartnerId}" : "Rejected an unknown API key", context);
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

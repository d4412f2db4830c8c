namespace MatchApi.Infrastructure;

/// <summary>
/// The one place for the security headers: X-Content-Type-Options: nosniff on every response (API JSON included), and for the
/// HTML pages (the desk, the widget demo, Swagger UI) a Content-Security-Policy, no framing, no referrer and an isolated opener.
/// Each page's policy allows only what that page uses.
/// </summary>
public static class SecurityHeaders
{
    private const string Common =
        "default-src 'self'; script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The desk: scripts, styles and API calls only from this origin; no inline script, inline style or event-handler attribute.</summary>
    public const string DeskPolicy = Common + "; style-src 'self'; img-src 'self'";

    /// <summary>
    /// The widget demo: the host page's own &lt;style&gt; and the widget's &lt;style&gt; inside its shadow root are inline styles;
    /// scripts stay same-origin only.
    /// </summary>
    public const string WidgetDemoPolicy = Common + "; style-src 'self' 'unsafe-inline'; img-src 'self'";

    /// <summary>Swagger UI: its own scripts; its styles, some of which it inserts as &lt;style&gt; elements; its icons are data: images.</summary>
    public const string SwaggerUiPolicy = Common + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

    /// <summary>Sets nosniff on every response, however it ends (an error page included).</summary>
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>The headers of an HTML page (and the files it loads) under <paramref name="contentSecurityPolicy"/>.</summary>
    public static void AddPageHeaders(HttpResponse response, string contentSecurityPolicy)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        // Links lead to ministries' sites; the query in the page's URL is not theirs to see.
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }

    /// <summary>The page headers on every response of a path (for pages served by middleware, such as Swagger UI).</summary>
    public static IApplicationBuilder UsePageHeaders(this IApplicationBuilder app, PathString path, string contentSecurityPolicy) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(path), branch => branch.Use((context, next) =>
        {
            AddPageHeaders(context.Response, contentSecurityPolicy);
            return next(context);
        }));
}

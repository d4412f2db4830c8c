using MatchApi.Infrastructure;

namespace MatchApi.Desk;

/// <summary>
/// The consultant desk (GET /desk): a Japanese page to search, filter, compare, map, match and export support schemes,
/// built on the public v1 API only. Plain HTML, CSS and JavaScript embedded in the assembly; GET / redirects to it.
/// Pages, not API endpoints, so they stay out of the OpenAPI document.
/// </summary>
public static class DeskEndpoints
{
    public const string Path = "/desk";

    public static IEndpointRouteBuilder MapDesk(this IEndpointRouteBuilder app)
    {
        var page = EmbeddedAsset.Load("MatchApi.Desk.desk.html", "text/html; charset=utf-8");
        var script = EmbeddedAsset.Load("MatchApi.Desk.desk.js", "text/javascript; charset=utf-8");
        var style = EmbeddedAsset.Load("MatchApi.Desk.desk.css", "text/css; charset=utf-8");
        var icon = EmbeddedAsset.Load("MatchApi.Desk.desk-icon.svg", "image/svg+xml");
        // The curators' page: sign in with a curator key, edit records, add calls, history and restore (through the API's writes).
        var curatePage = EmbeddedAsset.Load("MatchApi.Desk.curate.html", "text/html; charset=utf-8");
        var curateScript = EmbeddedAsset.Load("MatchApi.Desk.curate.js", "text/javascript; charset=utf-8");
        // Revalidated on every load (a 304 while unchanged), so the page and its script never come from different deployments.
        var cacheControl = HttpCaching.CacheControl(0);

        var desk = app.MapGroup(Path)
            .ExcludeFromDescription()
            .AddEndpointFilter((invocation, next) =>
            {
                SecurityHeaders.AddPageHeaders(invocation.HttpContext.Response, SecurityHeaders.DeskPolicy);
                return next(invocation);
            });
        desk.MapGet("", (HttpContext context) => page.Serve(context, cacheControl));
        desk.MapGet("/desk.js", (HttpContext context) => script.Serve(context, cacheControl));
        desk.MapGet("/desk.css", (HttpContext context) => style.Serve(context, cacheControl));
        desk.MapGet("/desk-icon.svg", (HttpContext context) => icon.Serve(context, cacheControl));
        desk.MapGet("/curate", (HttpContext context) => curatePage.Serve(context, cacheControl));
        desk.MapGet("/curate.js", (HttpContext context) => curateScript.Serve(context, cacheControl));

        app.MapGet("/", (HttpContext context) => TypedResults.Redirect(context.Request.PathBase + Path))
            .ExcludeFromDescription();
        return app;
    }
}

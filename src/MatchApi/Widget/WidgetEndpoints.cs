using MatchApi.Infrastructure;

namespace MatchApi.Widget;

/// <summary>
/// The embeddable search widget (GET /widget.js) and a plain host page showing it (GET /widget-demo).
/// Both files are embedded in the assembly: no CDN, no build step, nothing downloaded at run time.
/// </summary>
public static class WidgetEndpoints
{
    private const int MaxAgeSeconds = 300;

    public static IEndpointRouteBuilder MapWidget(this IEndpointRouteBuilder app)
    {
        var script = EmbeddedAsset.Load("MatchApi.Widget.widget.js", "text/javascript; charset=utf-8");
        var demo = EmbeddedAsset.Load("MatchApi.Widget.widget-demo.html", "text/html; charset=utf-8");
        var cacheControl = HttpCaching.CacheControl(MaxAgeSeconds);

        var group = app.MapGroup("").WithTags("Widget");

        group.MapGet("/widget.js", (HttpContext context) =>
            {
                // Partner pages load the script cross-origin, including pages that require CORP (COEP).
                context.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
                return script.Serve(context, cacheControl);
            })
            .WithName("WidgetScript")
            .WithSummary("The embeddable search widget")
            .WithDescription("<script src=\".../widget.js\" data-api-key=\"...\" data-stage=\"non_clinical\"></script> renders a Japanese search box with " +
                             "filter chips, facet counts and highlighted results inside a shadow root. It calls the service it was loaded from. See docs/partners.md.")
            .Produces(StatusCodes.Status200OK, contentType: "text/javascript")
            .Produces(StatusCodes.Status304NotModified);

        group.MapGet("/widget-demo", (HttpContext context) =>
            {
                SecurityHeaders.AddPageHeaders(context.Response, SecurityHeaders.WidgetDemoPolicy);
                return demo.Serve(context, cacheControl);
            })
            .WithName("WidgetDemo")
            .WithSummary("A plain host page showing the widget")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status304NotModified);

        return app;
    }
}

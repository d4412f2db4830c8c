using System.Net;
using MatchApi.Infrastructure;
using MatchApi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MatchApi.Tests.Hostile;

/// <summary>nosniff on every response; on every page (desk, widget demo, Swagger UI) a Content-Security-Policy, no framing, no referrer.</summary>
[Collection(ApiCollection.Name)]
public sealed class PageSecurityTests(ReadyApp app)
{
    [Theory]
    [InlineData("/api/v1/schemes")]
    [InlineData("/api/v1/schemes?stage=preclinical")]
    [InlineData("/api/v1/schemes/no-such-scheme")]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task Every_response_says_nosniff(string url)
    {
        using var response = await app.Client.GetAsync(url);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("/swagger/index.html", "img-src 'self' data:")]
    [InlineData("/widget-demo", "style-src 'self' 'unsafe-inline'")]
    [InlineData("/desk", "style-src 'self'")]
    public async Task Every_page_carries_the_security_headers(string path, string pageSpecific)
    {
        using var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Contains(pageSpecific, csp);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}

/// <summary>Whether /swagger serves Swagger UI is configuration (OpenApi:SwaggerUi, default on in every environment).</summary>
public sealed class SwaggerUiSettingTests
{
    [Fact]
    public async Task Swagger_UI_is_served_in_Production_by_default_with_the_page_headers()
    {
        var capture = new LogCapture();
        using var service = new MatchApiFactory();
        using var factory = capture.Attach(service, environment: "Production");
        using var client = factory.CreateClient();

        using var page = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Swagger_UI_can_be_turned_off_and_the_OpenAPI_document_stays()
    {
        using var factory = new MatchApiFactory(dataPath: null, new Dictionary<string, string?> { [OpenApiSetup.SwaggerUiSetting] = "false" });
        using var client = factory.CreateClient();

        using var page = await client.GetAsync("/swagger/index.html");
        using var document = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }
}

/// <summary>The pages under their policies in Debian's Chromium: they work and the browser reports no violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PagePolicyBrowserTests(BrowserApp app)
{
    private async Task<(IPage Page, List<string> Problems)> OpenAsync(string path)
    {
        var page = await app.NewPageAsync();
        var problems = new List<string>();
        // The browser asks for /favicon.ico on its own; the pages declare no icon, so its 404 is not theirs.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico")) problems.Add($"console: {message.Text} at {message.Location}");
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
            """);
        var response = await page.GotoAsync(app.BaseUrl + path);
        Assert.Equal(200, response?.Status);
        Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync())["content-security-policy"]);
        return (page, problems);
    }

    [Fact]
    public async Task Swagger_UI_renders_the_API_under_its_policy()
    {
        var (page, problems) = await OpenAsync("/swagger/index.html");

        await Assertions.Expect(page.Locator(".opblock-summary-path").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await page.Locator(".opblock-summary-path[data-path='/api/v1/schemes']").CountAsync() > 0);
        await page.Locator(".opblock-tag").First.ClickAsync(); // collapses and re-expands through Swagger UI's own styles
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_widget_demo_works_under_its_policy()
    {
        var (page, problems) = await OpenAsync("/widget-demo");
        var widget = page.Locator("matchapi-search");

        var chip = widget.Locator(".mw-chip[data-facet=stage][data-code=clinical]");
        await chip.ClickAsync();
        await Assertions.Expect(chip).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(widget.Locator(".mw-status")).ToContainTextAsync("件の制度が見つかりました");
        Assert.True(await widget.Locator(".mw-item").CountAsync() > 0);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}

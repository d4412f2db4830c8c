using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MatchApi.Tests.Infrastructure;
using Microsoft.Playwright;
using static MatchApi.Tests.Partners.PartnerSetup;

namespace MatchApi.Tests.Partners;

/// <summary>The service on Kestrel with partner keys configured, for pages that embed the widget.</summary>
public sealed class PartnerBrowserApp() : BrowserApp(Settings(anonymousLimit: 100_000, alphaLimit: 100_000, betaLimit: 100_000));

/// <summary>The search widget in Debian's Chromium: on the demo page, and on a partner's own origin with its key (real CORS).</summary>
public sealed class WidgetBrowserTests(PartnerBrowserApp app) : IClassFixture<PartnerBrowserApp>
{
    private static readonly Regex Clinical = new("臨床");

    private static List<string> WatchForErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        // The widget aborts a request a newer one replaces (net::ERR_ABORTED); any other failure is an error.
        page.RequestFailed += (_, request) => { if (request.Failure != "net::ERR_ABORTED") errors.Add($"{request.Method} {request.Url} failed: {request.Failure}"); };
        var traffic = new List<string>();
        page.RequestFailed += (_, request) => traffic.Add($"{request.Url} failed: {request.Failure}");
        page.Response += (_, response) => traffic.Add($"{response.Url} {response.Status}");
        page.Console += (_, message) => traffic.Add($"console {message.Type}: {message.Text}");
        Traffic.Add(page, traffic);
        return errors;
    }

    private static ILocator Widget(IPage page) => page.Locator("matchapi-search");

    /// <summary>Each watched page's responses, failed requests and console, for the message of a failed expectation.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Traffic = new();

    private static async Task SearchAsync(IPage page, string query)
    {
        var box = Widget(page).GetByRole(AriaRole.Searchbox, new() { Name = "支援制度を検索" });
        await box.FillAsync(query);
        await box.PressAsync("Enter");
        try
        {
            await Assertions.Expect(Widget(page).Locator(".mw-status")).ToContainTextAsync("件の制度が見つかりました");
        }
        catch (PlaywrightException e) when (Traffic.TryGetValue(page, out var traffic))
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nThe browser saw: {string.Join(" | ", traffic)}");
        }
    }

    [Fact]
    public async Task On_the_demo_page_a_Japanese_query_and_a_stage_chip_give_highlighted_results_that_open_their_detail()
    {
        var page = await app.NewPageAsync();
        var errors = WatchForErrors(page);
        await page.GotoAsync(app.BaseUrl + "/widget-demo");

        await SearchAsync(page, "医療機器");
        var results = Widget(page).Locator(".mw-item");
        Assert.True(await results.CountAsync() > 0);
        Assert.True(await Widget(page).Locator(".mw-results mark").CountAsync() > 0, "no highlighted term in the results");
        var unfiltered = await Widget(page).Locator(".mw-status").TextContentAsync();

        var chip = Widget(page).Locator(".mw-chip[data-facet=stage][data-code=clinical]");
        await chip.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(chip).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(Widget(page).Locator(".mw-status")).Not.ToHaveTextAsync(unfiltered!);
        foreach (var meta in await Widget(page).Locator(".mw-item .mw-meta").AllTextContentsAsync())
            Assert.Matches(Clinical, meta);
        await BrowserApp.ScreenshotAsync(page, "widget-results");

        var first = Widget(page).Locator(".mw-name a").First;
        var name = (await first.TextContentAsync())!;
        await first.ClickAsync();
        var detail = Widget(page).Locator(".mw-detail");
        await Assertions.Expect(detail.Locator("h3")).ToHaveTextAsync(name);
        Assert.Contains("#matchapi-scheme=", page.Url);
        await BrowserApp.ScreenshotAsync(page, "widget-detail");

        await page.GoBackAsync();
        await Assertions.Expect(detail).ToBeHiddenAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Results_show_the_summary_as_snippet_and_the_detail_shows_applicants_and_every_cap()
    {
        var page = await app.NewPageAsync();
        var errors = WatchForErrors(page);
        await page.GotoAsync(app.BaseUrl + "/widget-demo");
        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        const string query = "画像診断";
        await SearchAsync(page, query);
        var expected = await MatchApiFactory.GetJsonAsync(api, "/api/v1/schemes?q=" + Uri.EscapeDataString(query) + "&pageSize=10");
        var items = expected.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("highlights").EnumerateArray().Any(h => h.GetProperty("field").GetString() == "keywords"));
        var snippets = await Widget(page).Locator(".mw-snippet").AllTextContentsAsync();
        Assert.Equal(items.Count, snippets.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var summaryHighlight = items[i].GetProperty("highlights").EnumerateArray().FirstOrDefault(h => h.GetProperty("field").GetString() == "summary");
            var summary = items[i].GetProperty("summary").GetString()!;
            var expectedText = summaryHighlight.ValueKind == JsonValueKind.Object
                ? WebUtility.HtmlDecode(Regex.Replace(summaryHighlight.GetProperty("snippet").GetString()!, "</?mark>", ""))
                : summary.Length > 140 ? summary[..140] + "…" : summary;
            Assert.Equal(expectedText, snippets[i]);
        }

        const string id = "global-medtech-expansion-rd";
        var scheme = await MatchApiFactory.GetJsonAsync(api, $"/api/v1/schemes/{id}");
        await SearchAsync(page, scheme.GetProperty("name").GetString()!);
        await Widget(page).Locator($".mw-name a[data-id={id}]").ClickAsync();
        var detail = Widget(page).Locator(".mw-detail");
        await Assertions.Expect(detail.Locator("h3")).ToHaveTextAsync(scheme.GetProperty("name").GetString()!);
        var vocabularies = await MatchApiFactory.GetJsonAsync(api, "/api/v1/vocabularies");
        var applicantLabels = scheme.GetProperty("applicants").EnumerateArray()
            .Select(a => vocabularies.GetProperty("applicant").EnumerateArray().First(t => t.GetProperty("code").GetString() == a.GetString()).GetProperty("label").GetString());
        await Assertions.Expect(detail.Locator("dt:text-is('対象者') + dd")).ToHaveTextAsync(string.Join("・", applicantLabels));
        var caps = scheme.GetProperty("grantCaps").EnumerateArray().ToList();
        Assert.True(caps.Count >= 2, "the scheme should have a cap per stage");
        var shownCaps = detail.Locator("dt:text-is('上限額') + dd li");
        await Assertions.Expect(shownCaps).ToHaveCountAsync(caps.Count);
        for (var i = 0; i < caps.Count; i++)
            await Assertions.Expect(shownCaps.Nth(i).Locator(".mw-cap-condition")).ToHaveTextAsync(caps[i].GetProperty("condition").GetString()!);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_demo_page_has_a_favicon_that_is_served()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/widget-demo");
        var href = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        Assert.NotNull(href);

        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var response = await api.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_host_pages_styles_do_not_reach_the_widget()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/widget-demo");
        var box = Widget(page).GetByRole(AriaRole.Searchbox);
        await Assertions.Expect(box).ToBeVisibleAsync();

        var background = await box.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var hostButton = await page.EvaluateAsync<string>("() => { const b = document.createElement('button'); document.body.append(b); return getComputedStyle(b).backgroundColor; }");

        Assert.Equal("rgb(255, 105, 180)", hostButton); // hotpink on the host page
        Assert.NotEqual(hostButton, background);
    }

    [Fact]
    public async Task On_a_partners_origin_the_widget_calls_across_origins_with_its_key()
    {
        var page = await app.NewPageAsync();
        var errors = WatchForErrors(page);
        var sentKeys = new List<string?>();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(app.BaseUrl + "/api/v1/schemes")) sentKeys.Add(request.Headers.GetValueOrDefault("x-api-key"));
        };
        await page.RouteAsync(AlphaOrigin + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = $"""
                    <!doctype html><html lang="ja"><head><meta charset="utf-8"><title>アルファ支援センター</title></head>
                    <body><h1>支援制度</h1><div id="search"></div>
                    <script src="{app.BaseUrl}/widget.js" data-api-key="{AlphaKey}" data-stage="non_clinical" data-target="#search"></script>
                    </body></html>
                    """,
        }));

        await page.GotoAsync(AlphaOrigin + "/schemes");
        await SearchAsync(page, "海外展開");

        Assert.Equal("true", await Widget(page).Locator(".mw-chip[data-facet=stage][data-code=non_clinical]").GetAttributeAsync("aria-pressed"));
        Assert.True(await Widget(page).Locator(".mw-item").CountAsync() > 0);
        Assert.NotEmpty(sentKeys);
        Assert.All(sentKeys, key => Assert.Equal(AlphaKey, key));
        Assert.Empty(errors);
        await BrowserApp.ScreenshotAsync(page, "widget-partner-origin");
    }

    [Fact]
    public async Task On_an_origin_the_key_does_not_allow_the_browser_blocks_the_response_and_the_widget_says_so()
    {
        var page = await app.NewPageAsync();
        await page.RouteAsync("https://elsewhere.example/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = $"""<!doctype html><html lang="ja"><body><script src="{app.BaseUrl}/widget.js" data-api-key="{AlphaKey}"></script></body></html>""",
        }));

        await page.GotoAsync("https://elsewhere.example/");

        await Assertions.Expect(Widget(page).Locator(".mw-status.mw-error")).ToContainTextAsync("接続できませんでした");
    }
}

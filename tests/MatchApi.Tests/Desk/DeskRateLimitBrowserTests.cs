using System.Net;
using MatchApi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MatchApi.Tests.Desk;

/// <summary>The service with the anonymous limit far below what one consultant at the desk sends in a few minutes.</summary>
public sealed class LowAnonymousLimitBrowserApp() : BrowserApp(new Dictionary<string, string?>
{
    ["Partners:Anonymous:PermitLimit"] = DeskRateLimitBrowserTests.AnonymousLimit.ToString(),
    ["Partners:Anonymous:WindowSeconds"] = "600",
});

/// <summary>The desk's own calls count against the same-origin limit, not the anonymous one: normal use is never throttled.</summary>
public sealed class DeskRateLimitBrowserTests(LowAnonymousLimitBrowserApp app) : IClassFixture<LowAnonymousLimitBrowserApp>
{
    public const int AnonymousLimit = 3;

    [Fact]
    public async Task A_consultant_clicking_through_many_searches_is_not_throttled_while_anonymous_scripts_are()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        var statuses = new List<int>();
        desk.Page.Response += (_, response) => { if (response.Url.Contains("/api/v1/")) statuses.Add(response.Status); };

        foreach (var query in new[] { "治験", "海外展開", "スタートアップ", "伴走", "AMED", "補助" })
            await desk.SearchAsync(query);
        foreach (var stage in new[] { "non_clinical", "clinical", "commercialization" })
            await desk.AfterListLoadAsync(() => desk.Page.Locator($".facet-option[data-facet=stage][data-code={stage}] input").CheckAsync());
        await desk.AfterListLoadAsync(() => desk.Page.GetByRole(AriaRole.Link, new() { Name = "支援マップ" }).ClickAsync(), desk.Page.Locator(".map-status"));

        Assert.True(statuses.Count > AnonymousLimit * 3, $"only {statuses.Count} API calls were made");
        Assert.All(statuses, status => Assert.Equal(200, status));
        await Assertions.Expect(desk.Page.Locator(".map-status")).ToContainTextAsync("件の制度");
        await desk.AssertCleanAsync();

        HttpStatusCode last = HttpStatusCode.OK;
        for (var i = 0; i <= AnonymousLimit; i++)
        {
            using var response = await desk.Api.GetAsync("/api/v1/schemes");
            last = response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }
}

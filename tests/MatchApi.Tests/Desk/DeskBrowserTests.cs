using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MatchApi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MatchApi.Tests.Desk;

/// <summary>
/// The consultant desk in Debian's Chromium against the real service on Kestrel: every flow compares what the page
/// shows with what the API answers, and ends with no console error, exception, CSP violation or JavaScript dialog.
/// </summary>
public sealed class DeskBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly Regex Digits = new(@"[\d,.]+");

    [Fact]
    public async Task A_Japanese_search_shows_the_APIs_results_in_order_with_highlighted_terms()
    {
        await using var desk = await DeskSession.OpenAsync(app);

        await desk.SearchAsync("海外展開");

        var expected = await desk.GetJsonAsync("/api/v1/schemes?q=" + Uri.EscapeDataString("海外展開") + "&pageSize=20");
        Assert.Equal(DeskSession.Ids(expected), await desk.ResultIdsAsync());
        await Assertions.Expect(desk.Status).ToContainTextAsync($"「海外展開」に一致する制度: {expected.GetProperty("total").GetInt32()}件");
        Assert.True(await desk.Page.Locator(".results mark").CountAsync() > 0, "no highlighted term");
        Assert.Contains("海外展開", await desk.Page.Locator(".results mark").AllTextContentsAsync());
        Assert.Contains("q=%E6%B5%B7%E5%A4%96%E5%B1%95%E9%96%8B", desk.Page.Url);
        await BrowserApp.ScreenshotAsync(desk.Page, "desk-search");
        await desk.AssertCleanAsync();
    }

    [Theory]
    [InlineData("治験 ロケット", "any_term")]
    [InlineData("\"海外展開\" -補助", "all_terms")]
    [InlineData("ｘｙｚｘｙｚ", "none")]
    public async Task Phrases_exclusions_and_the_any_word_fallback_behave_as_in_the_API_and_the_fallback_is_announced(string query, string outcome)
    {
        await using var desk = await DeskSession.OpenAsync(app);

        await desk.SearchAsync(query);

        var expected = await desk.GetJsonAsync("/api/v1/schemes?q=" + Uri.EscapeDataString(query) + "&pageSize=20");
        Assert.Equal(DeskSession.Ids(expected), await desk.ResultIdsAsync());
        var notice = desk.Page.Locator(".match-notice");
        if (outcome == "any_term")
        {
            Assert.Equal("any_term", expected.GetProperty("matchMode").GetString());
            await Assertions.Expect(notice).ToHaveTextAsync(expected.GetProperty("notice").GetString()!);
            await Assertions.Expect(notice).ToBeVisibleAsync();
        }
        else await Assertions.Expect(notice).ToBeHiddenAsync(); // also when nothing matched at all: there is no list to explain
        if (outcome == "none")
        {
            Assert.Equal(0, expected.GetProperty("total").GetInt32());
            await Assertions.Expect(desk.Status).ToHaveTextAsync($"「{query}」に一致する制度は見つかりませんでした。");
        }
        else Assert.NotEmpty(await desk.ResultIdsAsync());
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task A_filter_narrows_the_results_and_updates_the_facet_counts_to_the_APIs()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        await desk.SearchAsync("医療機器");
        var before = await desk.ResultIdsAsync();

        var clinical = desk.Page.Locator("fieldset[data-facet=stage]").GetByLabel("臨床研究・治験");
        await desk.AfterListLoadAsync(() => clinical.CheckAsync());

        var expected = await desk.GetJsonAsync("/api/v1/schemes?q=" + Uri.EscapeDataString("医療機器") + "&stage=clinical&pageSize=20");
        var after = await desk.ResultIdsAsync();
        Assert.Equal(DeskSession.Ids(expected), after);
        Assert.True(after.Count < before.Count, "the filter did not narrow the results");
        Assert.Contains("stage=clinical", desk.Page.Url);
        foreach (var facet in new[] { "stage", "supportType", "need", "applicant", "category", "ministry" })
        {
            foreach (var count in expected.GetProperty("facets").GetProperty(facet).EnumerateObject())
            {
                var shown = await desk.Page.Locator($".facet-option[data-facet={facet}][data-code={count.Name}] .count").TextContentAsync();
                Assert.Equal($"{count.Value.GetInt32()}件", shown);
            }
        }
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task A_detail_shows_every_field_a_budget_chart_with_the_APIs_figures_and_the_seed_sources()
    {
        const string id = "device-research-deployment";
        await using var desk = await DeskSession.OpenAsync(app);
        var scheme = await desk.GetJsonAsync($"/api/v1/schemes/{id}");
        await desk.SearchAsync(scheme.GetProperty("name").GetString()!);

        await desk.Page.Locator($".results a.detail-link[data-id={id}]").ClickAsync();

        await Assertions.Expect(desk.Detail).ToBeVisibleAsync();
        await Assertions.Expect(desk.Detail.Locator("h2")).ToHaveTextAsync(scheme.GetProperty("name").GetString()!);
        Assert.Contains($"detail={id}", desk.Page.Url);

        var budgets = scheme.GetProperty("budgets").EnumerateArray().ToList();
        Assert.True(budgets.Count >= 2);
        var bars = desk.Detail.Locator("svg.budget-chart g.bar");
        await Assertions.Expect(bars).ToHaveCountAsync(budgets.Count);
        var rows = desk.Detail.Locator(".budget-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(budgets.Count);
        var heights = new List<double>();
        for (var i = 0; i < budgets.Count; i++)
        {
            var amount = budgets[i].GetProperty("amountMillionYen").GetDecimal();
            var year = budgets[i].GetProperty("fiscalYear").GetInt32().ToString(CultureInfo.InvariantCulture);
            Assert.Equal(year, await rows.Nth(i).GetAttributeAsync("data-fiscal-year"));
            Assert.Equal(budgets[i].GetProperty("kind").GetString(), await rows.Nth(i).GetAttributeAsync("data-kind"));
            var shown = (await rows.Nth(i).Locator(".amount-million").TextContentAsync())!.Replace(",", "");
            Assert.Equal(amount, decimal.Parse(shown, CultureInfo.InvariantCulture));
            Assert.Equal(amount, decimal.Parse((await bars.Nth(i).GetAttributeAsync("data-amount"))!, CultureInfo.InvariantCulture));
            heights.Add(double.Parse((await bars.Nth(i).Locator("rect").GetAttributeAsync("height"))!, CultureInfo.InvariantCulture));
        }
        // Bar heights are proportional to the amounts.
        var first = (double)budgets[0].GetProperty("amountMillionYen").GetDecimal();
        for (var i = 1; i < budgets.Count; i++)
            Assert.Equal((double)budgets[i].GetProperty("amountMillionYen").GetDecimal() / first, heights[i] / heights[0], precision: 3);

        // The seed sources by document (the registry's title, not only the hashed file name a client cannot open), each with its lines.
        await desk.AssertSourceDocumentsAsync(scheme);
        var text = await desk.Detail.InnerTextAsync();
        Assert.DoesNotContain("null", text);
        Assert.DoesNotContain("undefined", text);
        var facts = await desk.Detail.Locator(".facts dt").AllTextContentsAsync();
        foreach (var term in new[] { "省庁", "実施機関", "支援の種類", "開発段階", "対象者", "実施期間", "補助率" })
            Assert.Contains(term, facts);
        await desk.Detail.Locator(".budget").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(desk.Page, "desk-detail");

        // A related scheme opens its own detail.
        var related = scheme.GetProperty("related")[0];
        await desk.Detail.Locator($".related a[data-id={related.GetProperty("id").GetString()}]").ClickAsync();
        await Assertions.Expect(desk.Detail.Locator("h2")).ToHaveTextAsync(related.GetProperty("name").GetString()!);

        await desk.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(desk.Detail).ToBeHiddenAsync();
        await Assertions.Expect(desk.Page).Not.ToHaveURLAsync(new Regex("detail="));
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task Two_schemes_picked_in_the_results_are_compared_side_by_side_and_exported_as_CSV()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        await desk.SearchAsync("海外展開");
        var ids = (await desk.ResultIdsAsync()).Take(2).ToList();

        foreach (var id in ids)
            await desk.Page.Locator($".result[data-id={id}] .select-compare").CheckAsync();
        await Assertions.Expect(desk.Page.Locator(".compare-tray")).ToContainTextAsync("比較に2件を選択中");
        await desk.Page.Locator(".compare-open").ClickAsync();

        var table = desk.Page.Locator(".compare-table");
        await Assertions.Expect(table.Locator("thead th[data-id]")).ToHaveCountAsync(2);
        Assert.Contains("view=compare", desk.Page.Url);
        Assert.Contains("compare=" + string.Join("%2C", ids), desk.Page.Url);
        var details = new List<JsonElement>();
        foreach (var id in ids) details.Add(await desk.GetJsonAsync($"/api/v1/schemes/{id}"));
        for (var i = 0; i < ids.Count; i++)
        {
            await Assertions.Expect(table.Locator("thead th[data-id]").Nth(i)).ToContainTextAsync(details[i].GetProperty("name").GetString()!);
            var rate = details[i].GetProperty("subsidyRate").GetString() ?? "記載なし";
            await Assertions.Expect(table.Locator("tr[data-field=subsidyRate] td").Nth(i)).ToHaveTextAsync(rate);
        }
        foreach (var field in new[] { "supportTypes", "stages", "applicants", "grantCaps", "subsidyRate", "period", "ministry", "latestBudget" })
            await Assertions.Expect(table.Locator($"tr[data-field={field}] td")).ToHaveCountAsync(2);
        await BrowserApp.ScreenshotAsync(desk.Page, "desk-compare");

        var (bytes, fileName) = await desk.DownloadAsync(desk.Page.Locator(".export-compare"));
        Assert.EndsWith(".csv", fileName);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = DeskSession.ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(new[] { "ID", "制度名", "支援の種類", "開発段階", "対象者", "応募資格", "上限額", "補助率", "実施期間", "省庁", "実施機関", "最新の予算" }, rows[0].Take(12));
        Assert.Equal(ids, rows.Skip(1).Select(r => r[0]));
        Assert.Equal(details.Select(d => d.GetProperty("name").GetString()), rows.Skip(1).Select(r => r[1]));
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task The_support_map_places_each_scheme_by_stage_and_support_type_keeps_unknown_stages_apart_and_opens_details()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        await desk.AfterListLoadAsync(() => desk.Page.GetByRole(AriaRole.Link, new() { Name = "支援マップ" }).ClickAsync(), desk.Page.Locator(".map-status"));

        var all = (await desk.GetJsonAsync("/api/v1/schemes?pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        var vocabularies = await desk.GetJsonAsync("/api/v1/vocabularies");
        var stageLabels = vocabularies.GetProperty("stage").EnumerateArray().Select(t => t.GetProperty("label").GetString()!).ToList();
        Assert.Equal(stageLabels, (await desk.Page.Locator(".map-table thead th").AllTextContentsAsync()).Skip(1));

        foreach (var type in new[] { "funding", "soft" })
        {
            foreach (var stage in vocabularies.GetProperty("stage").EnumerateArray().Select(t => t.GetProperty("code").GetString()!))
            {
                var expected = all.Where(s => Codes(s, "supportTypes").Contains(type) && Codes(s, "stages").Contains(stage)).Select(Id).Order().ToList();
                var shown = await desk.Page.Locator($"tr[data-support-type={type}] td[data-stage={stage}] a.detail-link")
                    .EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.id)");
                Assert.Equal(expected, shown.Order().ToList());
            }
            var unknown = all.Where(s => Codes(s, "supportTypes").Contains(type) && !Codes(s, "stages").Any()).Select(Id).Order().ToList();
            var shownUnknown = await desk.Page.Locator($".map-unknown-group[data-support-type={type}] a.detail-link")
                .EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.id)");
            Assert.NotEmpty(unknown);
            Assert.Equal(unknown, shownUnknown.Order().ToList());
        }
        await BrowserApp.ScreenshotAsync(desk.Page, "desk-map");

        var cell = desk.Page.Locator("tr[data-support-type=funding] td[data-stage=non_clinical] a.detail-link").First;
        var id = (await cell.GetAttributeAsync("data-id"))!;
        await cell.ClickAsync();
        var scheme = await desk.GetJsonAsync($"/api/v1/schemes/{id}");
        await Assertions.Expect(desk.Detail.Locator("h2")).ToHaveTextAsync(scheme.GetProperty("name").GetString()!);
        Assert.Contains("view=map", desk.Page.Url);
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task The_map_follows_the_query_and_filters()
    {
        await using var desk = await DeskSession.OpenAsync(app, "/desk?view=map&q=" + Uri.EscapeDataString("海外展開") + "&ministry=meti");
        await Assertions.Expect(desk.Page.Locator(".map-status")).ToContainTextAsync("件の制度");

        var expected = DeskSession.Ids(await desk.GetJsonAsync("/api/v1/schemes?q=" + Uri.EscapeDataString("海外展開") + "&ministry=meti&pageSize=100")).Order().ToList();
        var shown = await desk.Page.Locator(".view[data-view=map] a.detail-link").EvaluateAllAsync<string[]>("links => [...new Set(links.map(a => a.dataset.id))]");
        Assert.Equal(expected, shown.Order().ToList());
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task A_profile_gets_the_APIs_recommendations_with_scores_reasons_unmet_and_unknown()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        await desk.Page.GetByRole(AriaRole.Navigation, new() { Name = "表示の切り替え" }).GetByRole(AriaRole.Link, new() { Name = "プロファイル診断" }).ClickAsync();

        await desk.Page.GetByLabel("現在の開発段階").SelectOptionAsync(new SelectOptionValue { Label = "非臨床" });
        await desk.Page.GetByLabel("相談者の種類").SelectOptionAsync(new SelectOptionValue { Label = "スタートアップ" });
        var needs = desk.Page.Locator(".profile-needs");
        await needs.GetByLabel("資金", new() { Exact = true }).CheckAsync();
        await needs.GetByLabel("海外展開", new() { Exact = true }).CheckAsync();
        await desk.Page.GetByLabel("機器・疾患領域・技術など（自由記述）").FillAsync("米国");
        await desk.Page.RunAndWaitForResponseAsync(
            () => desk.Page.GetByRole(AriaRole.Button, new() { Name = "おすすめの制度を表示" }).ClickAsync(),
            response => response.Url.EndsWith("/api/v1/recommendations"));

        using var response = await desk.Api.PostAsync("/api/v1/recommendations", new StringContent(
            """{"stage":"non_clinical","applicant":"startup","needs":["funding","international"],"query":"米国","limit":20}""", Encoding.UTF8, "application/json"));
        var expected = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().ToList();
        var cards = desk.Page.Locator(".recommendations > li");
        await Assertions.Expect(cards).ToHaveCountAsync(expected.Count);
        for (var i = 0; i < Math.Min(3, expected.Count); i++)
        {
            var item = expected[i];
            var card = cards.Nth(i);
            Assert.Equal(item.GetProperty("scheme").GetProperty("id").GetString(), await card.GetAttributeAsync("data-id"));
            var percent = (int)Math.Round(item.GetProperty("score").GetDouble() * 100, MidpointRounding.AwayFromZero);
            await Assertions.Expect(card.Locator(".score-label")).ToHaveTextAsync($"適合度 {percent}%");
            foreach (var (kind, property) in new[] { ("reasons", "reasons"), ("unmet", "unmet"), ("unknown", "unknown") })
            {
                var messages = item.GetProperty(property).EnumerateArray().Select(f => f.GetProperty("message").GetString()!).ToList();
                var shown = await card.Locator($".findings-{kind} li").AllTextContentsAsync();
                Assert.Equal(messages, shown);
            }
        }
        Assert.Contains(expected, item => item.GetProperty("unmet").GetArrayLength() > 0);
        Assert.Contains("profileStage=non_clinical", desk.Page.Url);
        await BrowserApp.ScreenshotAsync(desk.Page, "desk-recommend");
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task The_result_list_exports_as_UTF8_CSV_with_a_BOM_and_every_matching_scheme()
    {
        await using var desk = await DeskSession.OpenAsync(app, "/desk?q=" + Uri.EscapeDataString("治験") + "&supportType=funding");
        await Assertions.Expect(desk.Status).ToContainTextAsync("件（");

        var (bytes, fileName) = await desk.DownloadAsync(desk.Page.Locator(".export-list"));

        Assert.EndsWith(".csv", fileName);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = DeskSession.ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(new[] { "ID", "制度名", "省庁", "実施機関", "支援の種類", "開発段階", "対象者", "支援の分類", "ニーズ", "医療機器への特化", "実施期間", "上限額", "補助率", "最新の予算", "概要", "URL" }, rows[0]);
        var expected = (await desk.GetJsonAsync("/api/v1/schemes?q=" + Uri.EscapeDataString("治験") + "&supportType=funding&pageSize=100"))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Select(Id), rows.Skip(1).Select(r => r[0]));
        Assert.Equal(expected.Select(s => s.GetProperty("name").GetString()), rows.Skip(1).Select(r => r[1]));
        Assert.Equal(expected.Select(s => s.GetProperty("summary").GetString()), rows.Skip(1).Select(r => r[14]));
        Assert.All(rows.Skip(1), r => Assert.Contains("資金支援", r[4]));
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task Catalog_text_is_inserted_as_text_and_CSV_cells_cannot_become_formulas()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        const string name = "=HYPERLINK(\"https://evil.example\",\"開く\")";
        const string summary = "-1+1, \"引用\"\n二行目 <b>太字ではない</b>";
        var hostile = new
        {
            items = new[]
            {
                new
                {
                    id = "hostile", name, aliases = Array.Empty<string>(), parent = (object?)null, ministry = (string?)null, agency = "@SUM(A1)",
                    supportTypes = new[] { "funding" }, categories = Array.Empty<string>(), stages = Array.Empty<string>(),
                    applicants = Array.Empty<string>(), needs = Array.Empty<string>(), deviceSpecific = (bool?)null,
                    period = new { startFiscalYear = (int?)null, endFiscalYear = (int?)null }, summary, url = "javascript:alert(1)", score = 1.0,
                    highlights = new[]
                    {
                        new { field = "name", snippet = "<img src=x onerror=alert(1)><mark>危険</mark>" },
                        new { field = "summary", snippet = "安全な<mark>治験</mark>の説明 &amp; &lt;b&gt;太字ではない&lt;/b&gt;" },
                        new { field = "keywords", snippet = "<mark onclick=alert(1)>属性つき</mark>" },
                    },
                },
            },
            total = 1, page = 1, pageSize = 20, matchMode = "all_terms",
            facets = new Dictionary<string, Dictionary<string, int>>(),
        };
        await desk.Page.RouteAsync(url => new Uri(url).AbsolutePath == "/api/v1/schemes", route =>
            route.FulfillAsync(new RouteFulfillOptions { ContentType = "application/json", Body = JsonSerializer.Serialize(hostile) }));
        // The export reads each scheme's detail for its money columns.
        var hostileDetail = new
        {
            hostile.items[0].id, hostile.items[0].name, hostile.items[0].agency, hostile.items[0].summary, hostile.items[0].url,
            grantCaps = new[] { new { amountMillionYen = 10.0, per = "+1課題", condition = "=1+1" } },
            subsidyRate = "-2/3", budgets = new[] { new { fiscalYear = 2025, amountMillionYen = 1.0, kind = "initial" } },
        };
        await desk.Page.RouteAsync(url => new Uri(url).AbsolutePath == "/api/v1/schemes/hostile", route =>
            route.FulfillAsync(new RouteFulfillOptions { ContentType = "application/json", Body = JsonSerializer.Serialize(hostileDetail) }));

        await desk.SearchAsync("<img src=x onerror=alert(1)>");

        await Assertions.Expect(desk.Status).ToContainTextAsync("「<img src=x onerror=alert(1)>」に一致する制度");
        var result = desk.Results.First;
        await Assertions.Expect(result.Locator("a.detail-link")).ToHaveTextAsync(name);
        Assert.Equal(0, await desk.Page.Locator("img, b, main script, [onclick], [onerror]").CountAsync());
        await Assertions.Expect(result.Locator(".snippets mark")).ToHaveTextAsync("治験");
        await Assertions.Expect(result.Locator(".snippets")).ToContainTextAsync("& <b>太字ではない</b>");
        await Assertions.Expect(result.Locator(".snippets")).Not.ToContainTextAsync("属性つき");

        var (bytes, _) = await desk.DownloadAsync(desk.Page.Locator(".export-list"));
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        var row = DeskSession.ParseCsv(csv)[1];
        Assert.Equal("'" + name, row[1]);
        Assert.Equal("'@SUM(A1)", row[3]);
        Assert.Equal("'" + summary, row[14]);
        Assert.Equal("'-2/3", row[12]);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"開く\"\")\"", csv);
        Assert.Equal("javascript:alert(1)", row[15]); // exported as text; the page never makes it a link
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task A_link_restores_the_query_filters_and_page_and_back_and_forward_walk_the_history()
    {
        var query = Uri.EscapeDataString("治験");
        await using var desk = await DeskSession.OpenAsync(app, $"/desk?q={query}&stage=clinical&stage=non_clinical&supportType=funding");

        await Assertions.Expect(desk.Status).ToContainTextAsync("「治験」に一致する制度");
        await Assertions.Expect(desk.Page.GetByRole(AriaRole.Searchbox, new() { Name = "キーワード" })).ToHaveValueAsync("治験");
        foreach (var (facet, code) in new[] { ("stage", "clinical"), ("stage", "non_clinical"), ("supportType", "funding") })
            await Assertions.Expect(desk.Page.Locator($".facet-option[data-facet={facet}][data-code={code}] input")).ToBeCheckedAsync();
        await Assertions.Expect(desk.Page.Locator(".facet-option[data-facet=stage][data-code=basic_research] input")).Not.ToBeCheckedAsync();
        var expected = await desk.GetJsonAsync($"/api/v1/schemes?q={query}&stage=clinical&stage=non_clinical&supportType=funding&pageSize=20");
        Assert.Equal(DeskSession.Ids(expected), await desk.ResultIdsAsync());

        // Without filters and text the list has two pages; back and forward walk through every step.
        await desk.AfterListLoadAsync(() => desk.Page.GetByRole(AriaRole.Button, new() { Name = "条件をすべて解除" }).ClickAsync());
        var unfiltered = DeskSession.Ids(await desk.GetJsonAsync($"/api/v1/schemes?q={query}&pageSize=20"));
        Assert.Equal(unfiltered, await desk.ResultIdsAsync());
        await desk.SearchAsync("");
        var firstPage = await desk.ResultIdsAsync();
        await desk.AfterListLoadAsync(() => desk.Page.Locator(".pager a[rel=next]").ClickAsync());
        Assert.Contains("page=2", desk.Page.Url);
        var secondPage = await desk.ResultIdsAsync();
        Assert.Empty(firstPage.Intersect(secondPage));

        await desk.Page.GoBackAsync();
        await desk.ExpectResultIdsAsync(firstPage);
        await desk.Page.GoBackAsync();
        await desk.ExpectResultIdsAsync(unfiltered);
        await desk.Page.GoBackAsync();
        await desk.ExpectResultIdsAsync(DeskSession.Ids(expected));
        await Assertions.Expect(desk.Page.Locator(".facet-option[data-facet=stage][data-code=clinical] input")).ToBeCheckedAsync();
        await desk.Page.GoForwardAsync();
        await desk.ExpectResultIdsAsync(unfiltered);
        await Assertions.Expect(desk.Page.Locator(".facet-option[data-facet=stage][data-code=clinical] input")).Not.ToBeCheckedAsync();
        await Assertions.Expect(desk.Page.GetByRole(AriaRole.Searchbox, new() { Name = "キーワード" })).ToHaveValueAsync("治験");

        // A detail and a comparison travel in the link too.
        var ids = firstPage.Take(2).ToList();
        await using var shared = await DeskSession.OpenAsync(app, $"/desk?view=compare&compare={ids[0]},{ids[1]}&detail={ids[0]}");
        await Assertions.Expect(shared.Detail).ToBeVisibleAsync();
        await Assertions.Expect(shared.Page.Locator(".compare-table thead th[data-id]")).ToHaveCountAsync(2);
        await desk.AssertCleanAsync();
        await shared.AssertCleanAsync();
    }

    [Fact]
    public async Task The_desk_is_served_with_its_security_headers_and_works_by_keyboard()
    {
        var page = await app.NewPageAsync();
        var response = await page.GotoAsync(app.BaseUrl + "/desk");
        Assert.NotNull(response);
        var headers = await response.AllHeadersAsync();
        Assert.StartsWith("default-src 'self'", headers["content-security-policy"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        await page.Context.CloseAsync();

        await using var desk = await DeskSession.OpenAsync(app);
        var box = desk.Page.GetByRole(AriaRole.Searchbox, new() { Name = "キーワード" });
        await box.FocusAsync();
        await desk.Page.Keyboard.TypeAsync("治験");
        await desk.AfterListLoadAsync(() => desk.Page.Keyboard.PressAsync("Enter"));

        await desk.Page.Keyboard.PressAsync("Tab"); // 検索
        await desk.Page.Keyboard.PressAsync("Tab"); // 絞り込み (summary)
        await desk.Page.Keyboard.PressAsync("Tab"); // 基礎研究
        var focused = desk.Page.Locator(":focus");
        await Assertions.Expect(focused).ToHaveAttributeAsync("value", "basic_research");
        Assert.Equal("solid", await focused.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await desk.AfterListLoadAsync(() => desk.Page.Keyboard.PressAsync("Space"));
        Assert.Contains("stage=basic_research", desk.Page.Url);
        await Assertions.Expect(desk.Page.Locator(":focus")).ToHaveAttributeAsync("value", "basic_research");

        var link = desk.Page.Locator(".results a.detail-link").First;
        await link.FocusAsync();
        await desk.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(desk.Detail).ToBeVisibleAsync();
        await desk.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(desk.Detail).ToBeHiddenAsync();
        await Assertions.Expect(link).ToBeFocusedAsync();
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task Printing_leaves_out_the_controls_and_a_comparison_or_a_detail_fits_one_A4_page()
    {
        await using var desk = await DeskSession.OpenAsync(app, "/desk?view=compare&compare=global-medtech-expansion-rd,device-research-deployment,mediso");
        await Assertions.Expect(desk.Page.Locator(".compare-table thead th[data-id]")).ToHaveCountAsync(3);
        await desk.Page.EmulateMediaAsync(new() { Media = Media.Print });

        foreach (var control in new[] { ".views", ".view[data-view=compare] .tools", ".remove-compare", ".compare-tray" })
            await Assertions.Expect(desk.Page.Locator(control).First).ToBeHiddenAsync();
        await Assertions.Expect(desk.Page.Locator(".compare-table")).ToBeVisibleAsync();
        Assert.Equal(1, PdfPages(await desk.Page.PdfAsync(new() { Format = "A4", PrintBackground = true, Path = Path.Combine(BrowserApp.ScreenshotDirectory, "desk-print-compare.pdf") })));

        await desk.Page.EmulateMediaAsync(new() { Media = Media.Screen });
        await desk.Page.Locator(".compare-table a.detail-link[data-id=global-medtech-expansion-rd]").ClickAsync();
        await Assertions.Expect(desk.Detail.Locator(".facts")).ToBeVisibleAsync();
        await desk.Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(desk.Page.Locator("main")).ToBeHiddenAsync();
        await Assertions.Expect(desk.Detail.Locator(".detail-close")).ToBeHiddenAsync();
        Assert.Equal(1, PdfPages(await desk.Page.PdfAsync(new() { Format = "A4", PrintBackground = true, Path = Path.Combine(BrowserApp.ScreenshotDirectory, "desk-print-detail.pdf") })));
        await desk.AssertCleanAsync();
    }

    /// <summary>Page objects in a PDF ("/Type /Page", not "/Type /Pages").</summary>
    private static int PdfPages(byte[] pdf) => Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?!s)").Count;

    [Fact]
    public async Task At_tablet_width_the_desk_fits_without_horizontal_scrolling()
    {
        await using var desk = await DeskSession.OpenAsync(app, "/desk?q=" + Uri.EscapeDataString("海外展開"), width: 768, height: 1024);
        await Assertions.Expect(desk.Status).ToContainTextAsync("件（");

        Assert.True(await desk.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 768px");
        var panel = await desk.Page.Locator(".filter-panel").BoundingBoxAsync();
        var results = await desk.Page.Locator(".results").BoundingBoxAsync();
        Assert.True(panel!.Y + panel.Height <= results!.Y, "the filters should sit above the results at tablet width");
        await BrowserApp.ScreenshotAsync(desk.Page, "desk-tablet");

        await desk.Page.GetByRole(AriaRole.Link, new() { Name = "支援マップ" }).ClickAsync();
        await Assertions.Expect(desk.Page.Locator(".map-table")).ToBeVisibleAsync();
        Assert.True(await desk.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the map scrolls the page sideways at 768px");
        await BrowserApp.ScreenshotAsync(desk.Page, "desk-tablet-map");
        await desk.AssertCleanAsync();
    }

    private static string Id(JsonElement scheme) => scheme.GetProperty("id").GetString()!;

    private static IEnumerable<string> Codes(JsonElement scheme, string property) =>
        scheme.GetProperty(property).EnumerateArray().Select(e => e.GetString()!);
}

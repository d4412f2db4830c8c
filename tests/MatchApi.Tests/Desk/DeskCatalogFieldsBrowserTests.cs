using System.Text;
using System.Text.Json;
using MatchApi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MatchApi.Tests.Desk;

/// <summary>
/// The catalog's record fields from issue 14 as a consultant sees them in the detail, the comparison, its CSV and on
/// paper: a budget figure that is another scheme's (`belongsTo`), a sub-programme's pointer to its parent's budget
/// (`parentBudget`), the stages a cap is for (`grantCaps[].stages`), schemes open to every developer
/// (`openToAllApplicants`) and the main purpose among the needs (`primaryNeeds`). Debian Chromium against the real
/// service; the schemes are picked from the API's answers, and so are the expectations.
/// </summary>
public sealed class DeskCatalogFieldsBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static bool IsObject(JsonElement value) => value.ValueKind == JsonValueKind.Object;

    private static async Task<List<JsonElement>> AllDetailsAsync(DeskSession desk)
    {
        var details = new List<JsonElement>();
        foreach (var id in DeskSession.Ids(await desk.GetJsonAsync("/api/v1/schemes?pageSize=100")))
            details.Add(await desk.GetJsonAsync($"/api/v1/schemes/{id}"));
        return details;
    }

    private static async Task<Func<string, IEnumerable<string>, string>> LabelsAsync(DeskSession desk)
    {
        var vocabularies = await desk.GetJsonAsync("/api/v1/vocabularies");
        return (vocabulary, codes) => string.Join("・", codes.Select(code => vocabularies.GetProperty(vocabulary).EnumerateArray()
            .First(t => t.GetProperty("code").GetString() == code).GetProperty("label").GetString()));
    }

    private static List<string> Codes(JsonElement array) => array.EnumerateArray().Select(c => c.GetString()!).ToList();

    private static string Id(JsonElement scheme) => scheme.GetProperty("id").GetString()!;

    private static ILocator CompareCell(DeskSession desk, string field, int column) =>
        desk.Page.Locator($".compare-table tr[data-field={field}] td").Nth(column);

    private static ILocator Fact(DeskSession desk, string term) =>
        desk.Detail.Locator(".facts .fact").Filter(new() { Has = desk.Page.Locator("dt", new() { HasTextString = term }) }).Locator("dd");

    private static async Task<List<List<string>>> CompareCsvAsync(DeskSession desk)
    {
        var (bytes, _) = await desk.DownloadAsync(desk.Page.Locator(".export-compare"));
        return DeskSession.ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
    }

    private async Task OpenDetailAsync(DeskSession desk, JsonElement scheme, string compareWith)
    {
        await desk.Page.EmulateMediaAsync(new() { Media = Media.Screen });
        await desk.Page.GotoAsync($"{app.BaseUrl}/desk?view=compare&compare={Id(scheme)}%2C{compareWith}&detail={Id(scheme)}");
        await Assertions.Expect(desk.Detail.Locator("h2")).ToHaveTextAsync(scheme.GetProperty("name").GetString()!);
        await Assertions.Expect(desk.Detail.Locator(".sources-table")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_budget_figure_that_belongs_to_another_scheme_is_marked_as_that_schemes_in_the_table_the_chart_and_the_print()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        var details = await AllDetailsAsync(desk);
        var scheme = details.First(d => d.GetProperty("budgets").EnumerateArray().Any(b => IsObject(b.GetProperty("belongsTo"))));
        var budgets = scheme.GetProperty("budgets").EnumerateArray().ToList();
        var owners = budgets.Where(b => IsObject(b.GetProperty("belongsTo"))).Select(b => b.GetProperty("belongsTo"))
            .DistinctBy(o => Id(o)).ToList();
        var other = details.First(d => Id(d) != Id(scheme) && owners.All(o => Id(o) != Id(d)));
        await OpenDetailAsync(desk, scheme, Id(other));

        var rows = desk.Detail.Locator(".budget-table tbody tr");
        var bars = desk.Detail.Locator("svg.budget-chart g.bar");
        await Assertions.Expect(rows).ToHaveCountAsync(budgets.Count);
        await Assertions.Expect(bars).ToHaveCountAsync(budgets.Count);
        for (var i = 0; i < budgets.Count; i++)
        {
            var owner = budgets[i].GetProperty("belongsTo");
            var fill = double.Parse(await bars.Nth(i).Locator("rect").EvaluateAsync<string>("r => getComputedStyle(r).fillOpacity"), System.Globalization.CultureInfo.InvariantCulture);
            if (IsObject(owner))
            {
                var mark = $"※{owners.FindIndex(o => Id(o) == Id(owner)) + 1}";
                Assert.Equal(Id(owner), await rows.Nth(i).GetAttributeAsync("data-belongs-to"));
                await Assertions.Expect(rows.Nth(i).Locator(".other-scheme-mark")).ToHaveTextAsync(mark);
                Assert.Equal(Id(owner), await bars.Nth(i).GetAttributeAsync("data-belongs-to"));
                Assert.True(fill < 1, "another scheme's bar is drawn pale");
            }
            else
            {
                Assert.Null(await rows.Nth(i).GetAttributeAsync("data-belongs-to"));
                Assert.Equal(0, await rows.Nth(i).Locator(".other-scheme-mark").CountAsync());
                Assert.Equal(1.0, fill);
            }
        }
        var footnotes = desk.Detail.Locator(".budget-table tfoot tr.other-scheme");
        await Assertions.Expect(footnotes).ToHaveCountAsync(owners.Count);
        for (var k = 0; k < owners.Count; k++)
        {
            var owner = owners[k].GetProperty("name").GetString()!;
            await Assertions.Expect(footnotes.Nth(k)).ToHaveTextAsync($"※{k + 1} 「{owner}」の数値です。この事業の予算ではありません（最新の予算・比較には含めません）。");
            await Assertions.Expect(footnotes.Nth(k).Locator($"a.detail-link[data-id={Id(owners[k])}]")).ToHaveTextAsync(owner);
        }
        await Assertions.Expect(desk.Detail.Locator(".chart-legend")).ToContainTextAsync("淡色は別の事業の数値");
        await desk.Detail.Locator(".budget").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(desk.Page, "desk-detail-belongs-to");

        await desk.Page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await PrintedPdf.PrintAsync(desk.Page, $"desk-print-detail-belongs-to-{Id(scheme)}");
        Assert.Single(pdf.Pages);
        pdf.AssertContains($"※1「{owners[0].GetProperty("name").GetString()}」の数値です。この事業の予算ではありません");

        // The owner's figures are its own budget in its detail.
        await desk.Page.EmulateMediaAsync(new() { Media = Media.Screen });
        await footnotes.First.Locator("a.detail-link").ClickAsync();
        await Assertions.Expect(desk.Detail.Locator("h2")).ToHaveTextAsync(owners[0].GetProperty("name").GetString()!);
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task A_sub_programme_without_a_budget_of_its_own_points_to_its_parents_in_the_detail_the_comparison_and_the_print()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        var details = await AllDetailsAsync(desk);
        var sub = details.First(d => IsObject(d.GetProperty("parentBudget")));
        Assert.Equal(0, sub.GetProperty("budgets").GetArrayLength());
        var parentRef = sub.GetProperty("parentBudget");
        var parent = details.Single(d => Id(d) == Id(parentRef));
        var parentName = parentRef.GetProperty("name").GetString()!;
        await OpenDetailAsync(desk, sub, Id(parent));

        var pointer = desk.Detail.Locator("p.parent-budget");
        await Assertions.Expect(pointer).ToHaveTextAsync($"この事業単独の予算は資料に記載がありません。親事業「{parentName}」の予算に含まれます。");
        Assert.Equal(0, await desk.Detail.Locator("svg.budget-chart").CountAsync());

        await desk.Page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await PrintedPdf.PrintAsync(desk.Page, $"desk-print-detail-parent-budget-{Id(sub)}");
        pdf.AssertContains($"親事業「{parentName}」の予算に含まれます。");
        await desk.Page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The comparison: the sub-programme points to the parent's budget, which is the parent's latest own budget.
        await desk.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(CompareCell(desk, "latestBudget", 0)).ToHaveTextAsync($"記載なし（親事業「{parentName}」の予算に含まれます）");
        await Assertions.Expect(CompareCell(desk, "latestBudget", 0).Locator($"a.detail-link[data-id={Id(parent)}]")).ToHaveTextAsync(parentName);
        var ownBudgets = parent.GetProperty("budgets").EnumerateArray().Where(b => !IsObject(b.GetProperty("belongsTo"))).ToList();
        Assert.NotEmpty(ownBudgets);
        await Assertions.Expect(CompareCell(desk, "latestBudget", 1)).ToContainTextAsync($"{ownBudgets.Max(b => b.GetProperty("fiscalYear").GetInt32())}年度 ");
        var csv = await CompareCsvAsync(desk);
        Assert.Equal($"記載なし（親事業「{parentName}」の予算に含まれます）", csv[1][csv[0].IndexOf("最新の予算")]);

        // The pointer opens the parent's detail with its chart.
        await CompareCell(desk, "latestBudget", 0).Locator("a.detail-link").ClickAsync();
        await Assertions.Expect(desk.Detail.Locator("h2")).ToHaveTextAsync(parentName);
        await Assertions.Expect(desk.Detail.Locator("svg.budget-chart g.bar")).ToHaveCountAsync(parent.GetProperty("budgets").GetArrayLength());
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task Each_grant_cap_shows_the_stages_it_is_for_in_the_detail_the_comparison_and_its_CSV()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        var labels = await LabelsAsync(desk);
        var details = await AllDetailsAsync(desk);
        static List<JsonElement> Caps(JsonElement d) => d.GetProperty("grantCaps").EnumerateArray().ToList();
        // A scheme with caps tied to stages and one tied to none, if the catalog has one; else one with staged caps.
        var scheme = details.FirstOrDefault(d => Caps(d).Any(c => c.GetProperty("stages").GetArrayLength() > 0) && Caps(d).Any(c => c.GetProperty("stages").GetArrayLength() == 0));
        if (!IsObject(scheme)) scheme = details.First(d => Caps(d).Any(c => c.GetProperty("stages").GetArrayLength() > 0));
        var caps = Caps(scheme);
        var other = details.First(d => Id(d) != Id(scheme));
        await OpenDetailAsync(desk, scheme, Id(other));

        var rows = desk.Detail.Locator(".caps-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(caps.Count);
        await Assertions.Expect(desk.Detail.Locator(".caps-table thead th").Nth(2)).ToHaveTextAsync("開発段階");
        for (var c = 0; c < caps.Count; c++)
        {
            var stages = Codes(caps[c].GetProperty("stages"));
            await Assertions.Expect(rows.Nth(c).Locator(".cap-stages")).ToHaveTextAsync(stages.Count > 0 ? labels("stage", stages) : "段階の指定なし");
        }

        await desk.Page.Keyboard.PressAsync("Escape");
        var items = CompareCell(desk, "grantCaps", 0).Locator("li");
        await Assertions.Expect(items).ToHaveCountAsync(caps.Count);
        var csv = await CompareCsvAsync(desk);
        var capsCsv = csv[1][csv[0].IndexOf("上限額")];
        for (var c = 0; c < caps.Count; c++)
        {
            var stages = Codes(caps[c].GetProperty("stages"));
            if (stages.Count == 0) Assert.Equal(0, await items.Nth(c).Locator(".cap-stages").CountAsync());
            else
            {
                await Assertions.Expect(items.Nth(c).Locator(".cap-stages")).ToHaveTextAsync(labels("stage", stages));
                Assert.Contains($"【{labels("stage", stages)}】", capsCsv);
            }
        }
        await BrowserApp.ScreenshotAsync(desk.Page, "desk-compare-cap-stages");
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task A_scheme_open_to_every_developer_says_so_and_the_needs_lead_with_the_main_purpose()
    {
        await using var desk = await DeskSession.OpenAsync(app);
        var labels = await LabelsAsync(desk);
        var details = await AllDetailsAsync(desk);
        var open = details.First(d => d.GetProperty("openToAllApplicants").GetBoolean());
        var restricted = details.First(d => !d.GetProperty("openToAllApplicants").GetBoolean() && d.GetProperty("applicants").GetArrayLength() > 0);
        await OpenDetailAsync(desk, open, Id(restricted));

        var applicants = Codes(open.GetProperty("applicants"));
        var openText = "種別を問わない" + (applicants.Count > 0 ? $"（{labels("applicant", applicants)}）" : "");
        await Assertions.Expect(Fact(desk, "対象者").Locator(".open-to-all")).ToHaveTextAsync("種別を問わない");
        await Assertions.Expect(Fact(desk, "対象者")).ToContainTextAsync(openText);
        await Assertions.Expect(Fact(desk, "対象者")).ToContainTextAsync(open.GetProperty("applicantsNote").GetString()!);

        var needs = Codes(open.GetProperty("needs"));
        var primary = Codes(open.GetProperty("primaryNeeds"));
        Assert.NotEmpty(primary);
        var others = needs.Where(n => !primary.Contains(n)).ToList();
        await Assertions.Expect(Fact(desk, "ニーズ").Locator(".primary-needs")).ToHaveTextAsync(labels("need", primary));
        await Assertions.Expect(Fact(desk, "ニーズ")).ToHaveTextAsync($"{labels("need", primary)}（主な目的）{(others.Count > 0 ? "・" + labels("need", others) : "")}");

        await desk.Page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await PrintedPdf.PrintAsync(desk.Page, $"desk-print-detail-open-to-all-{Id(open)}");
        pdf.AssertContains(openText);
        await desk.Page.EmulateMediaAsync(new() { Media = Media.Screen });

        await desk.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(CompareCell(desk, "applicants", 0)).ToHaveTextAsync(openText);
        await Assertions.Expect(CompareCell(desk, "applicants", 1)).ToHaveTextAsync(labels("applicant", Codes(restricted.GetProperty("applicants"))));
        var csv = await CompareCsvAsync(desk);
        Assert.Equal(openText, csv[1][csv[0].IndexOf("対象者")]);
        Assert.DoesNotContain("種別を問わない", csv[2][csv[0].IndexOf("対象者")]);
        await desk.AssertCleanAsync();
    }
}

using System.Net;
using System.Text.Json;
using MatchApi.Catalog.Model;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class SchemeListTests(ReadyApp app)
{
    private readonly HttpClient _client = app.Client;

    private Task<JsonElement> Get(string url) => MatchApiFactory.GetJsonAsync(_client, url);

    private async Task<List<JsonElement>> AllItems(string query)
    {
        var separator = query.Length == 0 ? "?" : "&";
        var page = await Get($"/api/v1/schemes{(query.Length == 0 ? "" : "?" + query)}{separator}pageSize=100");
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private static IEnumerable<string> Codes(JsonElement item, string property) =>
        item.GetProperty(property).ValueKind == JsonValueKind.Array
            ? item.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)
            : item.GetProperty(property).ValueKind == JsonValueKind.String ? [item.GetProperty(property).GetString()!] : [];

    public static TheoryData<string, string, string> FilterForms() => new()
    {
        // parameter, value as typed, code it means, property of the summary
        { "stage", "non_clinical", "non_clinical" },
        { "stage", "非臨床", "non_clinical" },
        { "stage", "治験", "clinical" },
        { "stage", "臨床研究・治験", "clinical" },
        { "stage", "基礎研究", "basic_research" },
        { "supportType", "funding", "funding" },
        { "supportType", "資金支援", "funding" },
        { "supportType", "ソフト支援", "soft" },
        { "ministry", "meti", "meti" },
        { "ministry", "経産省", "meti" },
        { "ministry", "経済産業省", "meti" },
        { "ministry", "厚", "mhlw" },
        { "ministry", "文部科学省", "mext" },
        { "category", "international", "international" },
        { "category", "国際展開に関する支援", "international" },
        { "category", "スタートアップ", "startup" },
        { "applicant", "startup", "startup" },
        { "applicant", "中小企業", "sme" },
        { "applicant", "大学・研究機関", "academia" },
        { "need", "regulatory", "regulatory" },
        { "need", "海外展開", "international" },
    };

    private static readonly Dictionary<string, string> PropertyOf = new()
    {
        ["stage"] = "stages", ["supportType"] = "supportTypes", ["ministry"] = "ministry", ["category"] = "categories", ["applicant"] = "applicants", ["need"] = "needs",
    };

    [Theory]
    [MemberData(nameof(FilterForms))]
    public async Task Each_filter_accepts_code_label_and_short_form_and_returns_exactly_the_matching_schemes(string parameter, string value, string code)
    {
        var all = await AllItems("");
        var expected = all.Where(i => Codes(i, PropertyOf[parameter]).Contains(code)).Select(i => i.GetProperty("id").GetString()).Order().ToList();
        var filtered = await AllItems($"{parameter}={Uri.EscapeDataString(value)}");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, filtered.Select(i => i.GetProperty("id").GetString()).Order().ToList());
    }

    [Fact]
    public async Task Repeated_values_are_ORed_and_different_parameters_ANDed()
    {
        var all = await AllItems("");
        var either = await AllItems("stage=clinical&stage=non_clinical");
        var both = await AllItems("stage=clinical&stage=non_clinical&supportType=funding");

        var expectedEither = all.Where(i => Codes(i, "stages").Intersect(["clinical", "non_clinical"]).Any()).Select(Id).Order().ToList();
        var expectedBoth = all.Where(i => Codes(i, "stages").Intersect(["clinical", "non_clinical"]).Any() && Codes(i, "supportTypes").Contains("funding"))
            .Select(Id).Order().ToList();
        Assert.Equal(expectedEither, either.Select(Id).Order().ToList());
        Assert.Equal(expectedBoth, both.Select(Id).Order().ToList());
        Assert.True(expectedBoth.Count < expectedEither.Count);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task DeviceSpecific_filter_keeps_only_that_kind(string flag)
    {
        var items = await AllItems($"deviceSpecific={flag}");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(bool.Parse(flag), i.GetProperty("deviceSpecific").GetBoolean()));
    }

    [Fact]
    public async Task Facet_counts_equal_the_totals_of_the_corresponding_filtered_queries()
    {
        const string baseQuery = "supportType=funding&ministry=meti&ministry=mhlw";
        var page = await Get($"/api/v1/schemes?{baseQuery}&stage=non_clinical");
        var facets = page.GetProperty("facets");

        foreach (var (facet, parameter) in new[] { ("stage", "stage"), ("supportType", "supportType"), ("ministry", "ministry"), ("category", "category"), ("applicant", "applicant"), ("need", "need") })
        {
            foreach (var count in facets.GetProperty(facet).EnumerateObject())
            {
                var others = string.Join("&", new[] { "supportType=funding", "ministry=meti", "ministry=mhlw", "stage=non_clinical" }
                    .Where(p => !p.StartsWith(parameter + "=", StringComparison.Ordinal)));
                var filtered = await Get($"/api/v1/schemes?{others}&{parameter}={count.Name}");
                Assert.True(count.Value.GetInt32() == filtered.GetProperty("total").GetInt32(),
                    $"facet {facet}.{count.Name} = {count.Value} but the filtered query has {filtered.GetProperty("total")}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Pages_tile_the_result_without_duplicates_or_gaps(int pageSize)
    {
        var all = (await AllItems("sort=name")).Select(Id).ToList();
        var seen = new List<string>();
        for (var page = 1; seen.Count < all.Count; page++)
        {
            var body = await Get($"/api/v1/schemes?sort=name&page={page}&pageSize={pageSize}");
            Assert.Equal(all.Count, body.GetProperty("total").GetInt32());
            var ids = body.GetProperty("items").EnumerateArray().Select(Id).ToList();
            Assert.InRange(ids.Count, 1, pageSize);
            seen.AddRange(ids);
        }
        Assert.Equal(all, seen);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&q=医療機器")]
    [InlineData("&q=医療機器&stage=clinical")]
    public async Task A_page_past_the_last_answers_200_with_no_items_and_the_total(string query)
    {
        var first = await Get($"/api/v1/schemes?pageSize=5{query}");
        var total = first.GetProperty("total").GetInt32();
        Assert.True(total > 0);
        foreach (var page in new[] { total / 5 + 2, int.MaxValue })
        {
            var body = await Get($"/api/v1/schemes?pageSize=5&page={page}{query}");
            Assert.Empty(body.GetProperty("items").EnumerateArray());
            Assert.Equal(total, body.GetProperty("total").GetInt32());
            Assert.Equal(page, body.GetProperty("page").GetInt32());
            Assert.Equal(first.GetProperty("facets").GetRawText(), body.GetProperty("facets").GetRawText());
        }
    }

    [Theory]
    [InlineData("name")]
    [InlineData("budget")]
    [InlineData("newest")]
    public async Task Sorts_order_the_items(string sort)
    {
        var items = await AllItems($"sort={sort}");
        Assert.NotEmpty(items);
        if (sort == "newest")
        {
            var starts = items.Select(i => i.GetProperty("period").GetProperty("startFiscalYear")).Select(e => e.ValueKind == JsonValueKind.Number ? e.GetInt32() : int.MinValue).ToList();
            Assert.Equal(starts.OrderByDescending(x => x).ToList(), starts);
        }
    }

    [Fact]
    public async Task ActiveOn_excludes_programmes_that_had_ended_and_those_not_started()
    {
        var all = await AllItems("");
        var ended = all.Where(i => i.GetProperty("period").GetProperty("endFiscalYear") is { ValueKind: JsonValueKind.Number } end && end.GetInt32() < 2025).Select(Id).ToList();
        var notStarted = all.Where(i => i.GetProperty("period").GetProperty("startFiscalYear") is { ValueKind: JsonValueKind.Number } start && start.GetInt32() > 2025).Select(Id).ToList();
        Assert.NotEmpty(ended);

        var active = (await AllItems("activeOn=2026-03-31")).Select(Id).ToHashSet(); // fiscal year 2025
        Assert.DoesNotContain(active, ended.Contains);
        Assert.DoesNotContain(active, notStarted.Contains);
        Assert.Contains("global-medtech-expansion", active);
        Assert.DoesNotContain("global-medtech-expansion", (await AllItems("activeOn=2025-03-31")).Select(Id)); // fiscal year 2024
    }

    [Fact]
    public async Task Vocabularies_list_every_code_with_its_label()
    {
        var body = await Get("/api/v1/vocabularies");
        foreach (var vocabulary in Vocabularies.All)
        {
            var terms = body.GetProperty(vocabulary.Name).EnumerateArray().ToList();
            Assert.Equal(vocabulary.Terms.Select(t => t.Code), terms.Select(t => t.GetProperty("code").GetString()));
            Assert.All(terms, t => Assert.False(string.IsNullOrEmpty(t.GetProperty("label").GetString())));
        }
        Assert.Equal("臨床研究・治験", body.GetProperty("stage").EnumerateArray().Single(t => t.GetProperty("code").GetString() == "clinical").GetProperty("label").GetString());
    }

    [Fact]
    public async Task Detail_links_parent_children_and_renamed_programmes_both_ways()
    {
        var parent = await Get("/api/v1/schemes/global-medtech-expansion");
        var children = parent.GetProperty("children").EnumerateArray().Select(Id).ToList();
        Assert.Contains("global-medtech-expansion-rd", children);
        Assert.Contains(parent.GetProperty("related").EnumerateArray(), r => r.GetProperty("relation").GetString() == "renamed_from" && Id(r) == "medical-engineering-innovation");

        var former = await Get("/api/v1/schemes/medical-engineering-innovation");
        Assert.Contains(former.GetProperty("related").EnumerateArray(), r => r.GetProperty("relation").GetString() == "renamed_to" && Id(r) == "global-medtech-expansion");

        var child = await Get("/api/v1/schemes/global-medtech-expansion-rd");
        Assert.Equal("global-medtech-expansion", child.GetProperty("parent").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Every_detail_cites_its_seed_sources()
    {
        foreach (var id in (await AllItems("")).Select(Id))
        {
            var detail = await Get($"/api/v1/schemes/{id}");
            Assert.NotEmpty(detail.GetProperty("sources").EnumerateArray());
        }
    }

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;
}

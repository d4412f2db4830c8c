using System.Text.Json;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Matchmaking.MatchmakingClient;

namespace MatchApi.Tests.Matchmaking;

/// <summary>The ranking rules, checked on the real catalog for a spread of profiles.</summary>
[Collection(ApiCollection.Name)]
public sealed class RecommendationRuleTests(ReadyApp app)
{
    private readonly HttpClient _client = app.Client;

    private static readonly string[] HardUnmet = ["stage_mismatch", "applicant_mismatch", "ended", "not_started", "superseded"];

    public static TheoryData<string> Profiles() => new()
    {
        """{"stage": "non_clinical", "applicant": "startup", "needs": ["funding", "international"]}""",
        """{"stage": "basic_research", "applicant": "academia", "needs": ["funding"]}""",
        """{"stage": "clinical", "applicant": "company", "needs": ["regulatory"], "supportTypes": ["soft"]}""",
        """{"stage": "business_expansion", "applicant": "company", "needs": ["international"], "query": "途上国"}""",
        """{"stage": "commercialization", "applicant": "startup", "needs": ["partnering", "funding"], "activeOn": "2023-10-01"}""",
        """{"applicant": "hospital", "query": "小児用 在宅"}""",
        """{"stage": "applied_research", "applicant": "individual", "supportTypes": ["funding"], "activeOn": "2030-04-01"}""",
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Ineligible_schemes_never_outrank_eligible_ones(string profile)
    {
        var response = await RecommendAsync(_client, WithOptions(profile, includeIneligible: true, limit: 100));
        var items = Items(response);
        var firstIneligible = items.FindIndex(i => !i.GetProperty("eligible").GetBoolean());
        var lastEligible = items.FindLastIndex(i => i.GetProperty("eligible").GetBoolean());

        Assert.True(firstIneligible == -1 || lastEligible < firstIneligible, Describe(response));
        foreach (var item in items)
        {
            var hard = Codes(item, "unmet").Intersect(HardUnmet).Any();
            Assert.Equal(!hard, item.GetProperty("eligible").GetBoolean());
        }

        var eligibleOnly = await RecommendAsync(_client, WithOptions(profile, includeIneligible: false, limit: 100));
        Assert.All(Items(eligibleOnly), i => Assert.True(i.GetProperty("eligible").GetBoolean()));
        Assert.Equal(eligibleOnly.GetProperty("eligibleCount").GetInt32(), Items(eligibleOnly).Count);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Unknown_never_counts_as_unmet(string profile)
    {
        var response = await RecommendAsync(_client, WithOptions(profile, includeIneligible: true, limit: 100));
        foreach (var item in Items(response))
        {
            var unmet = Codes(item, "unmet");
            var unknown = Codes(item, "unknown");
            var id = item.GetProperty("scheme").GetProperty("id").GetString();
            Assert.False(unknown.Contains("stage_unknown") && unmet.Contains("stage_mismatch"), id);
            Assert.False(unknown.Contains("applicant_unknown") && unmet.Contains("applicant_mismatch"), id);
            Assert.False(unknown.Contains("period_unknown") && (unmet.Contains("ended") || unmet.Contains("not_started") || unmet.Contains("superseded")), id);
            Assert.False(unknown.Contains("support_type_unknown") && unmet.Contains("support_type_mismatch"), id);
            Assert.False(unknown.Contains("needs_unknown") && unmet.Contains("need_not_covered"), id);
            // A scheme whose only doubts are unknowns is eligible.
            if (!unmet.Intersect(HardUnmet).Any()) Assert.True(item.GetProperty("eligible").GetBoolean(), id);
        }
    }

    [Fact]
    public async Task Schemes_whose_stages_are_not_stated_stay_eligible_and_rank_below_confirmed_ones()
    {
        var catalog = await MatchApiFactory.GetJsonAsync(_client, "/api/v1/schemes?pageSize=100");
        var unstated = catalog.GetProperty("items").EnumerateArray()
            .Where(s => s.GetProperty("stages").GetArrayLength() == 0)
            .Select(s => s.GetProperty("id").GetString()!)
            .ToHashSet();
        Assert.NotEmpty(unstated); // the curated catalog has schemes whose sources give no stage

        // Only the stage (and the always-evaluated period) counts: a confirmed stage must rank above an unknown one with the same period status.
        var response = await RecommendAsync(_client, new { stage = "clinical", deviceDeveloper = false, limit = 100, activeOn = "2026-04-01" });
        var items = Items(response);
        foreach (var item in items.Where(i => unstated.Contains(i.GetProperty("scheme").GetProperty("id").GetString()!)))
        {
            Assert.Contains("stage_unknown", Codes(item, "unknown"));
            Assert.DoesNotContain("stage_mismatch", Codes(item, "unmet"));
        }
        Assert.Equal(items.Count, response.GetProperty("eligibleCount").GetInt32());
        Assert.True(items.Count(i => unstated.Contains(i.GetProperty("scheme").GetProperty("id").GetString()!)) > 0, Describe(response));

        foreach (var period in new[] { "active", "period_unknown" })
        {
            bool Has(JsonElement i) => Codes(i, "reasons").Contains(period) || Codes(i, "unknown").Contains(period);
            var confirmed = items.FindLastIndex(i => Has(i) && Codes(i, "reasons").Contains("stage_match"));
            var unknown = items.FindIndex(i => Has(i) && Codes(i, "unknown").Contains("stage_unknown"));
            if (confirmed >= 0 && unknown >= 0) Assert.True(confirmed < unknown, Describe(response));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Same_profile_gives_the_same_order_and_scores_within_0_and_1(string profile)
    {
        var first = await RecommendAsync(_client, WithOptions(profile, includeIneligible: true, limit: 100));
        var second = await RecommendAsync(_client, WithOptions(profile, includeIneligible: true, limit: 100));

        Assert.Equal(Ids(first), Ids(second));
        var scores = Items(first).Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores, Items(second).Select(i => i.GetProperty("score").GetDouble()));
        Assert.All(scores, s => Assert.InRange(s, 0, 1));
        // Scores order the schemes within a tier: eligible or not, and meeting every stated criterion or not.
        foreach (var tier in Items(first).GroupBy(i => (i.GetProperty("eligible").GetBoolean(), Codes(i, "unmet").Count > 0)))
        {
            var tierScores = tier.Select(i => i.GetProperty("score").GetDouble()).ToList();
            Assert.Equal(tierScores.OrderByDescending(s => s), tierScores);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_scheme_missing_a_stated_criterion_never_outranks_one_meeting_every_stated_criterion(string profile)
    {
        var response = await RecommendAsync(_client, WithOptions(profile, includeIneligible: false, limit: 100));
        var items = Items(response);
        var firstWithUnmet = items.FindIndex(i => Codes(i, "unmet").Count > 0);
        var lastFullFit = items.FindLastIndex(i => Codes(i, "unmet").Count == 0);
        Assert.True(firstWithUnmet == -1 || lastFullFit < firstWithUnmet, Describe(response));
    }

    [Fact]
    public async Task More_than_20_results_can_be_paged_through_and_a_page_past_the_last_is_empty_with_the_total()
    {
        var profile = new { stage = "clinical", activeOn = "2026-04-01", includeIneligible = true };
        var all = await RecommendAsync(_client, new { profile.stage, profile.activeOn, profile.includeIneligible, limit = 100 });
        var total = all.GetProperty("total").GetInt32();
        Assert.True(total > 40, $"only {total} schemes to page through");
        Assert.Equal(total, Items(all).Count);

        var pages = new List<string>();
        for (var page = 1; (page - 1) * 20 < total; page++)
        {
            var response = await RecommendAsync(_client, new { profile.stage, profile.activeOn, profile.includeIneligible, limit = 20, page });
            Assert.Equal(page, response.GetProperty("page").GetInt32());
            Assert.Equal(20, response.GetProperty("limit").GetInt32());
            Assert.Equal(total, response.GetProperty("total").GetInt32());
            pages.AddRange(Ids(response));
        }
        Assert.Equal(Ids(all), pages);

        var past = await RecommendAsync(_client, new { profile.stage, profile.activeOn, profile.includeIneligible, limit = 20, page = 99 });
        Assert.Empty(Items(past));
        Assert.Equal(total, past.GetProperty("total").GetInt32());

        var eligibleOnly = await RecommendAsync(_client, new { profile.stage, profile.activeOn, limit = 100 });
        Assert.Equal(eligibleOnly.GetProperty("eligibleCount").GetInt32(), eligibleOnly.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Order_of_needs_and_spelling_of_codes_do_not_change_the_result()
    {
        var a = await RecommendAsync(_client, new { stage = "non_clinical", applicant = "startup", needs = new[] { "funding", "international" }, activeOn = "2026-04-01" });
        var b = await RecommendAsync(_client, new { stage = "非臨床", applicant = "ベンチャー", needs = new[] { "海外展開", "資金" }, activeOn = "2026-04-01" });
        Assert.Equal(Ids(a), Ids(b));
    }

    [Fact]
    public async Task Limit_caps_the_items()
    {
        var response = await RecommendAsync(_client, new { limit = 3 });
        Assert.Equal(3, Items(response).Count);
        var all = await RecommendAsync(_client, new { limit = 100 });
        Assert.Equal(Ids(all).Take(3), Ids(response));
    }

    [Fact]
    public async Task Every_item_has_the_contract_shape_with_japanese_messages()
    {
        var response = await RecommendAsync(_client, new { stage = "clinical", applicant = "startup", needs = new[] { "funding", "regulatory" }, query = "AI 画像診断", includeIneligible = true, limit = 100 });
        foreach (var item in Items(response))
        {
            Assert.Equal(JsonValueKind.String, item.GetProperty("scheme").GetProperty("id").ValueKind);
            Assert.Equal(JsonValueKind.Number, item.GetProperty("score").ValueKind);
            foreach (var list in new[] { "reasons", "unmet", "unknown" })
                foreach (var finding in item.GetProperty(list).EnumerateArray())
                {
                    Assert.Matches("^[a-z_]+$", finding.GetProperty("code").GetString()!);
                    Assert.Matches(@"\p{IsCJKUnifiedIdeographs}|\p{IsHiragana}|\p{IsKatakana}", finding.GetProperty("message").GetString()!);
                }
        }
    }

    private static object WithOptions(string profile, bool includeIneligible, int limit)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(profile)!.AsObject();
        node["includeIneligible"] = includeIneligible;
        node["limit"] = limit;
        return node;
    }
}

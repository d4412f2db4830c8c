using MatchApi.Catalog;
using MatchApi.Catalog.Model;
using MatchApi.Matchmaking;
using MatchApi.Search;

namespace MatchApi.Tests.Matchmaking;

/// <summary>The scoring rules on a small hand-made catalog, independent of the curated data.</summary>
public sealed class RecommenderTests
{
    private static readonly DateOnly Day = new(2026, 4, 1);

    private static Scheme S(string id, Action<Scheme>? configure = null)
    {
        var scheme = new Scheme { Id = id, Name = id, Summary = "テスト用の制度です。" };
        configure?.Invoke(scheme);
        return scheme;
    }

    private static CatalogSnapshot Catalog(params Scheme[] schemes) => new(schemes.Select(s => new CuratedScheme(s, 1, Retired: false)).ToList(), [], 1, DateTimeOffset.UnixEpoch);

    private static Recommender Engine(params (string Id, double Score)[] hits) =>
        new(_ => new TextMatches(hits.Select(h => new SearchHit(h.Id, h.Score, [])).ToList(), hits.Length == 0 ? MatchMode.AnyTerm : MatchMode.AllTerms));

    private static Profile P(string? stage = null, string? applicant = null, string[]? needs = null, bool includeIneligible = false) => new()
    {
        Stage = stage, Applicant = applicant, Needs = (needs ?? []).ToHashSet(), ActiveOn = Day, IncludeIneligible = includeIneligible,
    };

    [Fact]
    public void Unknown_stage_is_not_unmet_and_ranks_below_a_confirmed_stage()
    {
        var catalog = Catalog(
            S("a-unknown"),
            S("b-confirmed", s => s.Stages = ["clinical"]),
            S("c-other", s => s.Stages = ["basic_research"]));

        var result = Engine().Recommend(catalog, P(stage: "clinical"), 10);

        Assert.Equal(["b-confirmed", "a-unknown"], result.Items.Select(r => r.Scheme.Id));
        var unknown = result.Items[1];
        Assert.True(unknown.Eligible);
        Assert.Contains(unknown.Unknown, f => f.Code == FindingCodes.StageUnknown);
        Assert.DoesNotContain(unknown.Unmet, f => f.Code == FindingCodes.StageMismatch);
        Assert.True(result.Items[0].Score > unknown.Score);
    }

    [Fact]
    public void Unknown_applicant_and_period_are_not_unmet()
    {
        var catalog = Catalog(S("x"));
        var item = Assert.Single(Engine().Recommend(catalog, P(stage: "clinical", applicant: "startup", needs: ["funding"]), 10).Items);
        Assert.True(item.Eligible);
        Assert.Equal([FindingCodes.StageUnknown, FindingCodes.ApplicantUnknown, FindingCodes.PeriodUnknown, FindingCodes.NeedsUnknown],
            item.Unknown.Select(f => f.Code));
        Assert.Empty(item.Unmet);
    }

    [Fact]
    public void Ineligible_schemes_come_after_every_eligible_one_even_with_a_better_fit()
    {
        var catalog = Catalog(
            S("ended-but-perfect", s =>
            {
                s.Stages = ["clinical"]; s.Applicants = ["startup"]; s.Needs = ["funding", "regulatory"]; s.SupportTypes = ["funding"];
                s.DeviceSpecific = true; s.Period = new Period { StartFiscalYear = 2020, EndFiscalYear = 2024 };
            }),
            S("weak-but-eligible", s => { s.DeviceSpecific = false; }),
            S("successor", s => s.Related = [new Relation { RelationType = "renamed_from", Id = "ended-but-perfect" }]));
        catalog.Find("ended-but-perfect")!.Related.Add(new Relation { RelationType = "renamed_to", Id = "successor" });

        var profile = P(stage: "clinical", applicant: "startup", needs: ["funding", "regulatory"], includeIneligible: true);
        var items = Engine(("ended-but-perfect", 5)).Recommend(catalog, profile, 10).Items;

        Assert.Equal("ended-but-perfect", items[^1].Scheme.Id);
        Assert.False(items[^1].Eligible);
        Assert.All(items.SkipLast(1), r => Assert.True(r.Eligible));
        var ended = Assert.Single(items[^1].Unmet, f => f.Code == FindingCodes.Ended);
        Assert.Contains("後継: successor", ended.Message);
        Assert.Contains(items[^1].Links, l => l.Relation == "renamed_to" && l.Id == "successor");

        Assert.DoesNotContain(Engine().Recommend(catalog, profile with { IncludeIneligible = false }, 10).Items, r => !r.Eligible);
    }

    [Fact]
    public void Startup_fits_a_scheme_for_companies_but_not_one_for_academia_only()
    {
        var catalog = Catalog(
            S("for-academia", s => s.Applicants = ["academia"]),
            S("for-companies", s => s.Applicants = ["company"]),
            S("for-startups", s => s.Applicants = ["startup"]));

        var result = Engine().Recommend(catalog, P(applicant: "startup", includeIneligible: true), 10);

        Assert.Equal(["for-startups", "for-companies", "for-academia"], result.Items.Select(r => r.Scheme.Id));
        Assert.Equal(2, result.EligibleCount);
        Assert.Contains(result.Items[2].Unmet, f => f.Code == FindingCodes.ApplicantMismatch);
    }

    [Fact]
    public void Scores_stay_within_0_and_1_and_ties_break_by_id()
    {
        var catalog = Catalog(S("b"), S("a"), S("c", s => { s.Stages = ["clinical"]; s.Period = new Period { StartFiscalYear = 2025, EndFiscalYear = 2030 }; s.DeviceSpecific = true; s.Needs = ["funding"]; s.SupportTypes = ["funding"]; s.GrantCaps = [new GrantCap { AmountMillionYen = 100, Per = "1課題" }]; }));
        var profile = P(stage: "clinical", needs: ["funding"]) with { Query = "x", SupportTypes = new HashSet<string> { "funding" } };

        var items = Engine(("c", 3)).Recommend(catalog, profile, 10).Items;

        Assert.Equal(["c", "a", "b"], items.Select(r => r.Scheme.Id));
        Assert.Equal(1.0, items[0].Score);
        Assert.All(items, r => Assert.InRange(r.Score, 0, 1));
        Assert.Equal(items[1].Score, items[2].Score);
    }

    [Fact]
    public void Device_specific_ranks_ahead_of_general_for_device_developers_only()
    {
        var catalog = Catalog(S("a-general", s => s.DeviceSpecific = false), S("b-device", s => s.DeviceSpecific = true));
        Assert.Equal("b-device", Engine().Recommend(catalog, P(), 10).Items[0].Scheme.Id);
        Assert.Equal("a-general", Engine().Recommend(catalog, P() with { DeviceDeveloper = false }, 10).Items[0].Scheme.Id);
    }

    [Fact]
    public void Larger_funding_ranks_ahead_when_funding_is_a_need()
    {
        var catalog = Catalog(
            S("a-small", s => { s.SupportTypes = ["funding"]; s.GrantCaps = [new GrantCap { AmountMillionYen = 5, Per = "1件" }]; }),
            S("b-large", s => { s.SupportTypes = ["funding"]; s.GrantCaps = [new GrantCap { AmountMillionYen = 100, Per = "1課題あたり（年間）" }]; }));

        var items = Engine().Recommend(catalog, P(needs: ["funding"]), 10).Items;

        Assert.Equal("b-large", items[0].Scheme.Id);
        Assert.Contains(items[0].Reasons, f => f.Code == FindingCodes.FundingSize && f.Message.Contains("1億円"));
    }

    [Fact]
    public void Roadmap_places_schemes_on_their_stated_stages_keeps_desks_apart_and_links_sub_programmes_to_their_parent()
    {
        var catalog = Catalog(
            S("desk-network", s => { s.SupportTypes = ["soft"]; s.Stages = ["applied_research", "non_clinical", "clinical", "commercialization"]; }),
            S("desk-unstaged", s => s.SupportTypes = ["soft"]),
            S("grant-parent", s => { s.SupportTypes = ["funding"]; s.Stages = ["non_clinical", "clinical"]; }),
            S("grant-rd", s => { s.SupportTypes = ["funding"]; s.Stages = ["non_clinical", "clinical"]; s.Parent = "grant-parent"; s.DeviceSpecific = true; }),
            S("grant-basic", s => { s.SupportTypes = ["funding"]; s.Stages = ["basic_research"]; }),
            S("grant-unstaged", s => s.SupportTypes = ["funding"]),
            S("seminar-expansion", s => { s.SupportTypes = ["soft"]; s.Stages = ["business_expansion"]; }));

        var roadmap = new RoadmapBuilder(Engine()).Build(catalog, P(stage: "non_clinical", needs: ["funding"]), 2);

        Assert.Equal(["non_clinical", "clinical", "commercialization", "business_expansion"], roadmap.Stages.Select(s => s.Stage));
        Assert.Equal(["grant-rd", "grant-parent"], roadmap.Stages[0].Items.Select(r => r.Scheme.Id));
        Assert.Equal(["grant-rd", "grant-parent"], roadmap.Stages[1].Items.Select(r => r.Scheme.Id));
        Assert.Empty(roadmap.Stages[2].Items);
        Assert.Equal(["seminar-expansion"], roadmap.Stages[3].Items.Select(r => r.Scheme.Id));
        Assert.Equal(["desk-network", "desk-unstaged"], roadmap.Desks.Select(r => r.Scheme.Id).Order());
        Assert.Contains(new SchemeLink("parent", "grant-parent", "grant-parent"), roadmap.Stages[0].Items[0].Links);
        Assert.Contains(new SchemeLink("child", "grant-rd", "grant-rd"), roadmap.Stages[0].Items[1].Links);
    }

    [Fact]
    public void The_cap_scored_and_quoted_is_the_one_for_the_profiles_stage()
    {
        var catalog = Catalog(
            S("staged", s =>
            {
                s.SupportTypes = ["funding"]; s.Stages = ["non_clinical", "clinical"];
                s.GrantCaps = [new GrantCap { AmountMillionYen = 70, Per = "1課題", Stages = ["non_clinical"] }, new GrantCap { AmountMillionYen = 100, Per = "1課題", Stages = ["clinical"] }];
            }),
            S("flat", s => { s.SupportTypes = ["funding"]; s.Stages = ["non_clinical", "clinical"]; s.GrantCaps = [new GrantCap { AmountMillionYen = 85, Per = "1課題" }]; }));

        string Quote(string? stage, string id) => Engine().Recommend(catalog, P(stage: stage, needs: ["funding"]), 10).Items
            .Single(r => r.Scheme.Id == id).Reasons.Single(f => f.Code == FindingCodes.FundingSize).Message;

        Assert.Equal("非臨床段階の支援額の上限は7,000万円です（1課題）", Quote("non_clinical", "staged"));
        Assert.Equal("臨床研究・治験段階の支援額の上限は1億円です（1課題）", Quote("clinical", "staged"));
        Assert.Equal("臨床研究・治験段階の支援額の上限は1億円です（1課題）", Quote(null, "staged"));
        Assert.Equal("支援額の上限は8,500万円です（1課題）", Quote("non_clinical", "flat"));
        // At 非臨床 the staged scheme's cap is 7,000万円, below the flat 8,500万円, so the flat one ranks first; at 臨床 the reverse.
        Assert.Equal("flat", Engine().Recommend(catalog, P(stage: "non_clinical", needs: ["funding"]), 10).Items[0].Scheme.Id);
        Assert.Equal("staged", Engine().Recommend(catalog, P(stage: "clinical", needs: ["funding"]), 10).Items[0].Scheme.Id);
    }

    [Fact]
    public void A_scheme_whose_main_purpose_is_the_need_ranks_above_one_that_also_serves_it()
    {
        var catalog = Catalog(
            S("a-grant", s => { s.Needs = ["funding", "regulatory"]; s.PrimaryNeeds = ["funding"]; }),
            S("b-desk", s => { s.Needs = ["regulatory"]; s.PrimaryNeeds = ["regulatory"]; }));

        var items = Engine().Recommend(catalog, P(needs: ["regulatory"]), 10).Items;

        Assert.Equal(["b-desk", "a-grant"], items.Select(r => r.Scheme.Id));
        Assert.Equal("「薬事・規制対応」のニーズにも対応しています（主な目的: 資金）", items[1].Reasons.Single(f => f.Code == FindingCodes.NeedCovered).Message);
        Assert.Empty(items[1].Unmet);
    }

    [Fact]
    public void A_scheme_open_to_every_developer_meets_the_applicant_criterion_and_one_for_support_organisations_does_not()
    {
        var catalog = Catalog(S("open", s => s.OpenToAllApplicants = true), S("unstated"));
        foreach (var applicant in Vocabularies.DeveloperApplicants)
        {
            var open = Engine().Recommend(catalog, P(applicant: applicant), 10).Items.Single(r => r.Scheme.Id == "open");
            Assert.Contains(open.Reasons, f => f.Code == FindingCodes.ApplicantMatch);
            Assert.DoesNotContain(open.Unknown, f => f.Code == FindingCodes.ApplicantUnknown);
        }
        var forSupport = Engine().Recommend(catalog, P(applicant: "support_org", includeIneligible: true), 10).Items.Single(r => r.Scheme.Id == "open");
        Assert.False(forSupport.Eligible);
    }

    [Fact]
    public void A_scheme_missing_a_stated_need_ranks_below_a_full_fit_even_with_a_higher_score()
    {
        var catalog = Catalog(
            // Confirmed stage, applicant, period and device mark, but not the second need.
            S("a-strong-but-partial", s =>
            {
                s.Stages = ["clinical"]; s.Applicants = ["company"]; s.Period = new Period { StartFiscalYear = 2020 }; s.DeviceSpecific = true;
                s.Needs = ["funding"]; s.PrimaryNeeds = ["funding"];
            }),
            // Every need met, the rest unknown.
            S("b-weak-but-full", s => { s.Needs = ["funding", "regulatory"]; s.PrimaryNeeds = ["funding", "regulatory"]; }));

        var items = Engine().Recommend(catalog, P(stage: "clinical", applicant: "company", needs: ["funding", "regulatory"]), 10).Items;

        Assert.True(items.Single(r => r.Scheme.Id == "a-strong-but-partial").Score > items.Single(r => r.Scheme.Id == "b-weak-but-full").Score);
        Assert.Equal(["b-weak-but-full", "a-strong-but-partial"], items.Select(r => r.Scheme.Id));
    }

    [Fact]
    public void The_roadmap_searches_the_text_once_for_every_stage_and_the_desks()
    {
        var catalog = Catalog(
            S("grant", s => { s.SupportTypes = ["funding"]; s.Stages = ["basic_research", "applied_research", "non_clinical", "clinical"]; }),
            S("desk", s => s.SupportTypes = ["soft"]));
        var searches = 0;
        var recommender = new Recommender(_ => { searches++; return new TextMatches([new SearchHit("grant", 2, [])], MatchMode.AllTerms); });

        var roadmap = new RoadmapBuilder(recommender).Build(catalog, P() with { Query = "画像診断" }, 3);

        Assert.Equal(1, searches);
        Assert.Equal(6, roadmap.Stages.Count);
        Assert.All(roadmap.Stages.Take(4), stage => Assert.Contains(stage.Items.Single().Reasons, f => f.Code == FindingCodes.TextMatch));
        Assert.Contains(roadmap.Desks.Single().Unmet, f => f.Code == FindingCodes.TextNotMatched);
    }

    [Fact]
    public void Paging_returns_consecutive_slices_and_an_empty_page_past_the_last()
    {
        var catalog = Catalog(Enumerable.Range(1, 25).Select(i => S($"s{i:00}", s => s.DeviceSpecific = i % 2 == 0)).ToArray());
        var all = Engine().Recommend(catalog, P(), 100);
        var pages = Enumerable.Range(1, 3).SelectMany(page => Engine().Recommend(catalog, P(), 10, page).Items).ToList();

        Assert.Equal(all.Items.Select(r => r.Scheme.Id), pages.Select(r => r.Scheme.Id));
        var past = Engine().Recommend(catalog, P(), 10, 4);
        Assert.Empty(past.Items);
        Assert.Equal(25, past.Total);
    }

    [Theory]
    [InlineData(70, "7,000万円")]
    [InlineData(175, "1億7,500万円")]
    [InlineData(1465, "14億6,500万円")]
    [InlineData(100, "1億円")]
    [InlineData(0.4, "40万円")]
    [InlineData(79.867, "7,986万7,000円")]
    [InlineData(297.777, "2億9,777万7,000円")]
    [InlineData(0, "0円")]
    public void Money_is_written_as_consultants_say_it(double millionYen, string expected) =>
        Assert.Equal(expected, MatchApi.Catalog.Model.Amounts.Japanese((decimal)millionYen));
}
